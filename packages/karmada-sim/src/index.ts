/**
 * A kube-apiserver-compatible simulator of a Karmada control plane and its member clusters,
 * for development and tests.
 *
 * @packageDocumentation
 */

import { randomBytes } from 'node:crypto';
import { CONTROL_PLANE } from './types';
import { ObjectStore } from './store';
import {
  ApiServer,
  buildKubeconfig,
  Faults,
  memberPathPrefix,
  type FaultInjector,
  type SimulatorLogger,
} from './server';
import { registerKubeValidation } from './controller/admission';
import type { ModelServerOptions } from './server/modelServer';

export type { ModelServerOptions } from './server/modelServer';

/** Options of {@link startKarmadaSimulator}. @public */
export interface KarmadaSimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Bearer token every request must carry; random by default. */
  token?: string;
  /**
   * A second bearer token whose user may only `get`, `list` and `watch` (writes answer 403
   * Forbidden in kube's words); random by default.
   */
  readOnlyToken?: string;
  /**
   * Accept requests that carry no `Authorization` header, as a server with anonymous auth
   * does. kubectl sends no credentials over plain http, so the CLI turns this on. A wrong
   * token is still 401. Default false.
   */
  anonymous?: boolean;
  /** Source of timestamps, for deterministic tests. */
  clock?: () => Date;
  logger?: SimulatorLogger;
  /** Member clusters to give an API surface before `setup` runs. */
  members?: string[];
  /** Watch events kept per (cluster, resource) for resuming watches; default 1000. */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them; default 60 s. */
  bookmarkIntervalMs?: number;
  /**
   * Validate every create and update as kube-apiserver does (`registerKubeValidation`:
   * metadata of every kind, and the spec of Deployments, Services, PVCs, Secrets,
   * ConfigMaps, ResourceQuotas and Namespaces), with 422 Invalid. Default true.
   */
  validation?: boolean;
  /**
   * Pace of the model servers that Ready pods answer as, through a member's service or pod
   * proxy (time to first token, time between streamed tokens).
   */
  modelServer?: ModelServerOptions;
  /**
   * Attaches behaviour (seed data, controllers, admission) after the store exists and before
   * the port opens. A returned function runs on `close()`, before the server stops.
   */
  setup?: (
    sim: KarmadaSimulator,
  ) =>
    | void
    | (() => void | Promise<void>)
    | Promise<void | (() => void | Promise<void>)>;
}

/** A running simulator. @public */
export interface KarmadaSimulator {
  /** Base URL of the control plane, e.g. `http://127.0.0.1:41234` (empty until listening). */
  readonly url: string;
  readonly token: string;
  /** The read-only token: get, list and watch only; writes answer 403 Forbidden. */
  readonly readOnlyToken: string;
  /** The object store behind every simulated API server. */
  readonly store: ObjectStore;
  readonly faults: FaultInjector;
  /** Shorthand for `store.registerAdmission`. */
  registerAdmission: ObjectStore['registerAdmission'];
  /** Shorthand for `store.onChange`. */
  onChange: ObjectStore['onChange'];
  /** The server URL of a member cluster (through the control plane's proxy). */
  memberUrl(member: string): string;
  /**
   * A kubeconfig (YAML) with a context for `karmada` and one per member, all with the admin
   * token, plus `karmada-readonly` (the control plane with the read-only token).
   */
  kubeconfig(): string;
  /** Stops watches, runs `setup`'s cleanup and closes the server. */
  close(): Promise<void>;
}

/**
 * Starts a simulator: an object store for the control plane (`karmada`) and the members,
 * served over HTTP.
 * @public
 */
export async function startKarmadaSimulator(
  options: KarmadaSimulatorOptions = {},
): Promise<KarmadaSimulator> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const readOnlyToken =
    options.readOnlyToken ?? randomBytes(24).toString('hex');
  const store = new ObjectStore({
    clock: options.clock,
    historyLimit: options.historyLimit,
  });
  const faults = new Faults();
  const server = new ApiServer({
    store,
    token,
    readOnlyToken,
    faults,
    logger: options.logger,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    anonymous: options.anonymous,
    modelServer: options.modelServer,
  });
  let url = '';
  const cleanups: Array<() => void | Promise<void>> = [];
  let closed: Promise<void> | undefined;

  const sim: KarmadaSimulator = {
    get url() {
      return url;
    },
    token,
    readOnlyToken,
    store,
    faults,
    registerAdmission: (matcher, hook) =>
      store.registerAdmission(matcher, hook),
    onChange: listener => store.onChange(listener),
    memberUrl: member => `${url}${memberPathPrefix(member)}`,
    kubeconfig: () =>
      buildKubeconfig(url, token, store.members(), readOnlyToken),
    close() {
      closed ??= (async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
        await server.close();
      })();
      return closed;
    },
  };

  for (const member of options.members ?? []) store.addCluster(member);
  // Before `setup`, so that it runs before any hook `setup` registers.
  if (options.validation ?? true) cleanups.push(registerKubeValidation(store));
  const cleanup = await options.setup?.(sim);
  if (typeof cleanup === 'function') cleanups.push(cleanup);

  const host = options.host ?? '127.0.0.1';
  try {
    const port = await server.listen(options.port ?? 0, host);
    url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  } catch (e) {
    for (const c of cleanups) await c();
    throw e;
  }
  options.logger?.info(
    `karmada-sim: control plane '${CONTROL_PLANE}' listening on ${url}`,
  );
  return sim;
}

export { CONTROL_PLANE } from './types';
export type { KubeObject, ObjectMeta, FieldCause } from './types';
export * from './store';
export * from './resources';
export {
  buildKubeconfig,
  memberPathPrefix,
  type FaultInjector,
  type FaultMatch,
  type FaultSpec,
  type InjectedFault,
  type SimulatorLogger,
} from './server';
export { seedFleet, SEED_LABELS } from './seed';
export {
  authorize,
  forbiddenMessage,
  ADMIN_USER,
  READ_ONLY_USER,
  READ_ONLY_VERBS,
  type SimulatorRole,
  type SimulatorUser,
  type AuthzAttributes,
  type AuthzDecision,
} from './server/authz';
export {
  applyPolicyWebhookDefaults,
  PROPAGATION_POLICY_PERMANENT_ID_LABEL,
  CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL,
  PROPAGATION_POLICY_FINALIZER,
  CLUSTER_PROPAGATION_POLICY_FINALIZER,
  type PolicyWebhookDefaultsOptions,
} from './karmada/defaults';
export {
  bindingToV1alpha1,
  bindingToV1alpha2,
} from './karmada/bindingConversion';
export {
  KarmadaController,
  registerKarmadaAdmission,
  registerMemberAdmission,
  registerPolicyWebhookDefaults,
  registerKubeValidation,
  validateKubeWrite,
  ADMITTED_KARMADA_KINDS,
  installSeedFleet,
  BACKGROUND_NAMESPACE,
  MODEL_LOAD_ANNOTATION,
  type KarmadaControllerOptions,
} from './controller';
export {
  startEmbeddedKarmada,
  type EmbeddedKarmadaOptions,
  type EmbeddedKarmada,
} from './embedded';
export { SEED_CREATED, SEED_OFFLINE_SINCE } from './seed';
export {
  PLATFORM_PRIORITY_CLASSES,
  SYSTEM_PRIORITY_CLASSES,
  HIGHEST_USER_DEFINABLE_PRIORITY,
  SYSTEM_PRIORITY_CLASS_PREFIX,
  PREEMPTION_POLICIES,
  defaultPriorityClass,
  validatePriorityClass,
  globalDefaultConflict,
  resolvePodPriority,
  type PodPriorityDecision,
  formatQuotaValue,
  countKeys,
  podQuotaUsage,
  quotaCoversPod,
  quotaConstraintError,
  quotaExceeded,
  quotaUsage,
  quotaStatus,
  validateObjectMeta,
  validateBuiltinObject,
  nameRuleFor,
  VALIDATED_BUILTIN_KINDS,
  type NameRule,
  type ObjectMetaOptions,
} from './kube';
// Storage, pod security and GPU sharing on members (README: "Storage, pod security and GPU
// sharing on members").
export {
  buildGpuNode,
  buildStorageClass,
  type GpuNodeOptions,
  type MigLayout,
} from './seed';
export {
  DEFAULT_CLASS_ANNOTATION,
  ACCESS_MODES_ANNOTATION,
  defaultStorageClass,
} from './controller/storage';
export {
  podSecurityError,
  podSecurityViolations,
  enforcedLevel,
  POD_SECURITY_ENFORCE_LABEL,
  POD_SECURITY_ENFORCE_VERSION_LABEL,
  type PodSecurityLevel,
  type PodSecurityViolation,
} from './kube/podSecurity';
