import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  karmadaConnectionServiceRef,
  readKarmadaCallBounds,
  readKarmadaConnection,
} from '@h-mas/plugin-hmas-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Provides H-MAS's Karmada connection. With `hmas.karmada.mode: embedded` (development only)
 * it starts the Karmada simulator in-process on `hmas.karmada.embedded.port` (default 7443)
 * with the seed fleet and the controller that plays Karmada (scheduling, propagation, member
 * pods that load models), writes a kubeconfig for kubectl, and stops it on shutdown. Any other
 * mode reads the real Karmada API server from config, as the default factory does.
 */
export const embeddedKarmadaServiceFactory = createServiceFactory({
  service: karmadaConnectionServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, logger, lifecycle }) {
    if (config.getOptionalString('hmas.karmada.mode') !== 'embedded') {
      return readKarmadaConnection(config);
    }
    // Imported lazily so a production backend never loads the simulator.
    const imported = await import('@h-mas/karmada-sim');
    // The CommonJS build exposes the module as `default` under dynamic import.
    const { startEmbeddedKarmada } =
      'startEmbeddedKarmada' in imported
        ? imported
        : (imported as { default: typeof imported }).default;
    const port = config.getOptionalNumber('hmas.karmada.embedded.port') ?? 7443;
    const embedded = await startEmbeddedKarmada({
      port,
      // kubectl sends no credentials over plain http; a wrong token is still refused.
      anonymous: true,
      modelLoadMs: config.getOptionalNumber(
        'hmas.karmada.embedded.modelLoadMs',
      ),
      modelLoadMsPerGiB: config.getOptionalNumber(
        'hmas.karmada.embedded.modelLoadMsPerGiB',
      ),
      modelServer: {
        firstTokenMs: config.getOptionalNumber(
          'hmas.karmada.embedded.firstTokenMs',
        ),
        tokenIntervalMs: config.getOptionalNumber(
          'hmas.karmada.embedded.tokenIntervalMs',
        ),
      },
      logger: {
        info: msg => logger.debug(msg),
        warn: msg => logger.warn(msg),
      },
    });
    const sim = embedded.sim;
    lifecycle.addShutdownHook(() => embedded.close());

    const kubeconfig = path.join(os.tmpdir(), 'hmas-karmada-sim.kubeconfig');
    fs.writeFileSync(kubeconfig, sim.kubeconfig(), { mode: 0o600 });
    logger.info(
      `Embedded Karmada simulator (development only) at ${sim.url}; kubectl --kubeconfig ${kubeconfig} get clusters`,
    );
    return {
      ...readKarmadaCallBounds(config),
      url: sim.url,
      token: sim.token,
      skipTLSVerify: true,
    };
  },
});
