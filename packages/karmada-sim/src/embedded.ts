/**
 * The embedded Karmada: the simulator with Karmada's admission, the seed fleet and the
 * controller loop, as the backend's `hmas.karmada.mode: embedded` and the CLI start it.
 */
import {
  startKarmadaSimulator,
  type KarmadaSimulator,
  type ModelServerOptions,
} from './index';
import type { SimulatorLogger } from './server';
import {
  KarmadaController,
  installSeedFleet,
  registerKarmadaAdmission,
  registerMemberAdmission,
  registerPolicyWebhookDefaults,
} from './controller';

/** Options of {@link startEmbeddedKarmada}. @public */
export interface EmbeddedKarmadaOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Bearer token; random by default. */
  token?: string;
  /** The read-only token (get, list, watch; writes 403); random by default. */
  readOnlyToken?: string;
  /** Accept requests without an `Authorization` header (kubectl over http). Default false. */
  anonymous?: boolean;
  /** Simulated model load before a started pod is Ready, in ms; default 3000. */
  modelLoadMs?: number;
  /** More load time per GiB of requested container memory; default 0 (see the controller). */
  modelLoadMsPerGiB?: number;
  /** Source of time for the store and the controller, for deterministic tests. */
  clock?: () => Date;
  logger?: SimulatorLogger;
  /** Create the seed fleet (`seedFleet()`): default true. */
  seed?: boolean;
  /** Extra member API surfaces without a Cluster object. */
  members?: string[];
  /** Interval of the controller's full resync, in ms; default 60 000, 0 for none. */
  resyncMs?: number;
  /** Karmada's cluster failover (NoExecute readiness taints); default false. */
  clusterFailover?: boolean;
  /** Pace of the Ready pods' model servers (time to first token, between tokens). */
  modelServer?: ModelServerOptions;
}

/** A running embedded Karmada. @public */
export interface EmbeddedKarmada {
  sim: KarmadaSimulator;
  controller: KarmadaController;
  /** Base URL of the control plane. */
  url: string;
  token: string;
  /** The read-only token: get, list and watch only (`sim.readOnlyToken`). */
  readOnlyToken: string;
  /** Stops the controller and the server. */
  close(): Promise<void>;
}

/**
 * Starts a simulator that behaves like Karmada: admission (CRD defaults and webhook
 * validation), the seed fleet, and the controller loop. Resolves once it listens and the
 * controller has processed the seed.
 * @public
 */
export async function startEmbeddedKarmada(
  options: EmbeddedKarmadaOptions = {},
): Promise<EmbeddedKarmada> {
  let controller: KarmadaController | undefined;
  const sim = await startKarmadaSimulator({
    port: options.port,
    host: options.host,
    token: options.token,
    readOnlyToken: options.readOnlyToken,
    anonymous: options.anonymous,
    clock: options.clock,
    logger: options.logger,
    members: options.members,
    modelServer: options.modelServer,
    setup: s => {
      const unregister = registerKarmadaAdmission(s.store);
      const unregisterWebhook = registerPolicyWebhookDefaults(s.store);
      const unregisterMembers = registerMemberAdmission(s.store);
      if (options.seed ?? true) installSeedFleet(s.store);
      const c = new KarmadaController({
        store: s.store,
        clock: options.clock,
        modelLoadMs: options.modelLoadMs,
        modelLoadMsPerGiB: options.modelLoadMsPerGiB,
        resyncMs: options.resyncMs,
        clusterFailover: options.clusterFailover,
        logger: options.logger,
      });
      c.start();
      controller = c;
      return () => {
        c.stop();
        unregister();
        unregisterWebhook();
        unregisterMembers();
      };
    },
  });
  await controller!.settle();
  return {
    sim,
    controller: controller!,
    url: sim.url,
    token: sim.token,
    readOnlyToken: sim.readOnlyToken,
    close: () => sim.close(),
  };
}
