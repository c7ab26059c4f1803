import { GPU_RESOURCE } from '../clusters/cluster';
import { coreLabelKeys } from '../clusters/zones';
import { gpuResourceName, migProfileOf } from '../clusters/gpuSharing';
import {
  applicationFailover,
  clusterFailureTolerations,
  DIVIDED_SCHEDULING,
  replicaScheduling,
  spreadConstraints,
  targetAffinity,
} from '../policies/builders';
import type { PresetSpec } from '../presets/preset';
import { GPU_PRODUCT_NODE_LABEL, gpuProductsForType } from './gpuProducts';
import { ResolvedDeployment } from './resolve';
import { DEFAULT_RUNTIME_USER, WRITABLE_TMP_DIR } from './runtimes';
import {
  DEFAULT_KAI_QUEUE,
  EffectiveDeploymentSettings,
  KAI_QUEUE_LABEL,
  KAI_SCHEDULER,
  mirroredImage,
} from './settings';
import { deploymentSecretName } from './spec';
import {
  ContainerLike,
  DeploymentObject,
  KubeObject,
} from '../kubernetes/objects';
import { toYamlDocuments } from '../yaml';
import { entityRefLabelValue } from './spec';

/**
 * What the builders need to know about the fleet beyond the deployment itself.
 *
 * @public
 */
export interface ManifestContext {
  /** Prefix of the core cluster label keys (see `coreLabelKeys`); default none. */
  labelPrefix?: string;
  /**
   * For zone placement: the distinct pod schedulers (cluster label `scheduler`) of the
   * zone's clusters. `default-scheduler` entries are ignored.
   */
  zoneSchedulers?: string[];
  /**
   * The policy preset the deployment was created with: its replica scheduling, spread and
   * failover shape the PropagationPolicy. Its resource profile must already be in the
   * resolved deployment (see `withPresetResources`); `planDeployment` does both.
   */
  preset?: PresetSpec;
  /**
   * The platform's settings for the deployment's zone (`effectiveDeploymentSettings`):
   * image mirror, RuntimeClass per cluster, KAI queue. Offline and storage are already in
   * the resolved deployment.
   */
  settings?: Pick<
    EffectiveDeploymentSettings,
    'imageRegistryMirror' | 'runtimeClasses' | 'kaiQueue'
  >;
  /**
   * Clusters of the zone the deployment must not go to (time-sliced GPUs for a
   * tensor-parallel runtime): the PropagationPolicy's `clusterAffinity.exclude`.
   */
  excludeClusters?: string[];
}

/**
 * The label that ties a Karmada object to the deployment (row id) that created it.
 *
 * @public
 */
export const DEPLOYMENT_ID_LABEL = 'h-mas.io/deployment-id';

/**
 * The deployment id an object carries ({@link DEPLOYMENT_ID_LABEL}), if any.
 *
 * @public
 */
export function deploymentIdOf(object: {
  metadata?: { labels?: Record<string, string> };
}): string | undefined {
  return object.metadata?.labels?.[DEPLOYMENT_ID_LABEL];
}

/**
 * The objects of one model deployment, as Kubernetes and Karmada objects.
 *
 * @public
 */
export interface DeploymentManifests {
  deployment: DeploymentObject;
  service: KubeObject;
  /** Only when H-MAS creates the model cache (no existing PVC). */
  pvc?: KubeObject;
  /** At most one pod of a cluster down at a time for a drain (see {@link buildManifests}). */
  podDisruptionBudget: KubeObject;
  propagationPolicy: KubeObject;
  /** Only for zone placement into clusters with a non-default pod scheduler. */
  overridePolicy?: KubeObject;
  /**
   * The deployment's own Secret ({@link deploymentSecretName}), only when an env var reads
   * it. Without `data`: the plan never holds secret values; the backend writes them.
   */
  secret?: KubeObject;
}

/** Name of the single container of a model deployment. @public */
export const MODEL_SERVER_CONTAINER = 'model-server';

/**
 * Secret in each member cluster holding a Hugging Face token under `token`. Pods that
 * download from the hub read it as `HF_TOKEN` when it exists (optional reference), which
 * gated models such as Llama 3.1 need; a token never travels in the deployment's env.
 *
 * @public
 */
export const HF_TOKEN_SECRET = 'hmas-hf-token';

/** Kubernetes' own pod scheduler, which needs no override. @public */
export const DEFAULT_SCHEDULER = 'default-scheduler';

const SCHEDULER_NAME_PATH = '/spec/template/spec/schedulerName';
const RUNTIME_CLASS_PATH = '/spec/template/spec/runtimeClassName';
// JSON pointer: the `/` of the label key is `~1`.
const KAI_QUEUE_PATH = `/spec/template/metadata/labels/${KAI_QUEUE_LABEL.replace(
  '/',
  '~1',
)}`;

/** The node label of a node's name, the topology of "one node". @public */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** The node label of a node's failure zone. @public */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/**
 * The tolerations of GPU-mode model pods: the taints platform teams put on GPU nodes so that
 * only GPU workloads land there. CPU-mode pods have none.
 *
 * @public
 */
export const GPU_POD_TOLERATIONS: ReadonlyArray<{
  key: string;
  operator: 'Exists' | 'Equal';
  value?: string;
  effect: 'NoSchedule';
}> = [
  { key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' },
  { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
];

/**
 * The labels every object of a deployment carries.
 *
 * @public
 */
export function deploymentLabels(
  d: Pick<ResolvedDeployment, 'name' | 'runtime' | 'entityRef'>,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': d.name,
    'app.kubernetes.io/managed-by': 'h-mas',
    'h-mas.io/deployment': d.name,
    'h-mas.io/runtime': d.runtime.id,
    'backstage.io/kubernetes-id': d.name,
    // The catalog entity it serves finds the pods with a label selector on this.
    ...(d.entityRef
      ? { 'h-mas.io/serves': entityRefLabelValue(d.entityRef) }
      : {}),
  };
}

/**
 * The Deployment's immutable selector: only labels that never change for a deployment.
 *
 * @public
 */
export function deploymentSelector(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'h-mas.io/deployment': name };
}

function metadata(d: ResolvedDeployment, name: string) {
  return {
    name,
    namespace: d.namespace,
    labels: deploymentLabels(d),
    annotations: { 'h-mas.io/owner': d.owner },
  };
}

function containerEnv(d: ResolvedDeployment) {
  const env: Array<Record<string, unknown>> = Object.entries(d.env).map(
    ([name, value]) => ({ name, value }),
  );
  for (const [name, ref] of Object.entries(d.secretEnv)) {
    env.push({
      name,
      valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } },
    });
  }
  if (
    d.loadStrategy === 'hf-download' &&
    !('HF_TOKEN' in d.env) &&
    !('HF_TOKEN' in d.secretEnv)
  ) {
    env.push({
      name: 'HF_TOKEN',
      valueFrom: {
        secretKeyRef: { name: HF_TOKEN_SECRET, key: 'token', optional: true },
      },
    });
  }
  return env.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
}

function podScheduling(d: ResolvedDeployment) {
  const spec: Record<string, unknown> = {};
  const affinity: Record<string, unknown> = {};
  const selector = { matchLabels: deploymentSelector(d.name) };
  // A MIG device is its own resource: only nodes that have it can take the pod.
  if (d.gpu && d.resources.gpuType && !migProfileOf(d.resources.gpuType)) {
    affinity.nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          {
            matchExpressions: [
              {
                key: GPU_PRODUCT_NODE_LABEL,
                operator: 'In',
                values: gpuProductsForType(d.resources.gpuType),
              },
            ],
          },
        ],
      },
    };
  }
  if (d.storage.shared === 'node') {
    // A ReadWriteOnce volume attaches to one node: the pods of a cluster that share the
    // claim must share that node, or every pod but the first fails with Multi-Attach. The
    // first pod matches its own term, so it schedules anywhere.
    affinity.podAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: selector, topologyKey: HOSTNAME_TOPOLOGY_KEY },
      ],
    };
  } else {
    // A volume every node can mount: spread the replicas over nodes and failure zones, so a
    // node or zone failure takes as few as possible. Soft: a small cluster still runs them.
    spec.topologySpreadConstraints = [
      HOSTNAME_TOPOLOGY_KEY,
      ZONE_TOPOLOGY_KEY,
    ].map(topologyKey => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: selector,
    }));
  }
  if (Object.keys(affinity).length > 0) spec.affinity = affinity;
  // GPU nodes are tainted so that only GPU workloads land there; CPU-mode pods must not
  // tolerate the taints or they would take GPU nodes' CPU and memory.
  if (d.gpu) {
    spec.tolerations = GPU_POD_TOLERATIONS.map(t => ({ ...t }));
  }
  return spec;
}

/**
 * How a rollout replaces pods. CPU pods surge: a new pod starts before an old one stops, so
 * the deployment never has fewer ready pods (CPU and memory are easy to find). GPU pods
 * cannot count on a spare GPU: with two or more replicas one pod at a time is replaced while
 * the others serve; a single GPU replica is recreated (explicitly: it is down while the new
 * pod loads its model, which a rolling update would be too, only less plainly).
 *
 * @public
 */
export function rolloutStrategy(
  d: Pick<ResolvedDeployment, 'gpu' | 'replicas'>,
): Record<string, unknown> {
  if (!d.gpu) {
    return {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    };
  }
  if (d.replicas >= 2) {
    return {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
    };
  }
  return { type: 'Recreate' };
}

/** The `restricted` Pod Security Standard's pod-level settings for a runtime. */
function podSecurityContext(d: ResolvedDeployment) {
  const user = d.runtime.podSecurity?.runAsUser ?? DEFAULT_RUNTIME_USER;
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: user,
    // The model cache volume becomes group-writable; checking only the root of the volume
    // keeps a large pre-loaded volume from being walked at every start.
    fsGroup: user,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function containerSecurityContext(d: ResolvedDeployment) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem:
      d.runtime.podSecurity?.readOnlyRootFilesystem ?? true,
  };
}

/** The pod labels: the deployment's, and the KAI queue where KAI schedules the pods. */
function podLabels(d: ResolvedDeployment, ctx: ManifestContext) {
  const labels = deploymentLabels(d);
  if (d.schedulerName === KAI_SCHEDULER) {
    labels[KAI_QUEUE_LABEL] = kaiQueue(ctx);
  }
  return labels;
}

function kaiQueue(ctx: ManifestContext): string {
  return ctx.settings?.kaiQueue ?? DEFAULT_KAI_QUEUE;
}

function buildDeployment(
  d: ResolvedDeployment,
  ctx: ManifestContext,
): DeploymentObject {
  const { runtime, model } = d;
  const image = mirroredImage(
    d.gpu ? runtime.image.gpu : runtime.image.cpu ?? runtime.image.gpu,
    ctx.settings?.imageRegistryMirror,
  );
  const started = runtime.buildArgs({
    model,
    port: runtime.port,
    gpu: d.gpu,
    gpuCount: d.resources.gpu,
    env: d.env,
  });
  const probes = runtime.probes({ model, port: runtime.port });

  const requests: Record<string, string> = {
    cpu: d.resources.cpu,
    memory: d.resources.memory,
  };
  // No CPU limit: throttling a model server stalls token generation.
  const limits: Record<string, string> = { memory: d.resources.memory };
  if (d.gpu) {
    const resource = gpuResourceName(d.resources.gpuType);
    requests[resource] = String(d.resources.gpu);
    limits[resource] = String(d.resources.gpu);
  }

  const volumeMounts: object[] = [
    { name: 'model-cache', mountPath: runtime.modelCache.mountPath },
    { name: 'tmp', mountPath: WRITABLE_TMP_DIR },
  ];
  const volumes: object[] = [
    {
      name: 'model-cache',
      persistentVolumeClaim: { claimName: d.storage.pvcName },
    },
    { name: 'tmp', emptyDir: {} },
  ];
  if (runtime.needsShm) {
    volumeMounts.push({ name: 'dshm', mountPath: '/dev/shm' });
    volumes.push({
      name: 'dshm',
      emptyDir: { medium: 'Memory', sizeLimit: runtime.shmSize ?? '1Gi' },
    });
  }

  const container: ContainerLike = {
    name: MODEL_SERVER_CONTAINER,
    image,
  };
  if (started.command) container.command = started.command;
  Object.assign(container, {
    args: [...started.args, ...d.args],
    // Images are pinned: a node that has one needs no registry (offline clusters).
    imagePullPolicy: 'IfNotPresent',
    ports: [
      { name: 'http', containerPort: runtime.port, protocol: 'TCP' },
      ...(runtime.extraPorts ?? []).map(p => ({
        name: p.name,
        containerPort: p.port,
        protocol: 'TCP',
      })),
    ],
    env: containerEnv(d),
    resources: { requests, limits },
    volumeMounts,
    securityContext: containerSecurityContext(d),
    startupProbe: probes.startup,
    readinessProbe: probes.readiness,
    livenessProbe: probes.liveness,
  });

  const podSpec = {
    ...(d.schedulerName ? { schedulerName: d.schedulerName } : {}),
    priorityClassName: d.priorityClassName,
    // Service links would inject e.g. VLLM_PORT=tcp://... for a Service named "vllm",
    // which vLLM reads as its own setting and fails on.
    enableServiceLinks: false,
    // A model server never calls the Kubernetes API.
    automountServiceAccountToken: false,
    securityContext: podSecurityContext(d),
    ...podScheduling(d),
    containers: [container],
    volumes,
  };

  const annotations: Record<string, string> = {
    'h-mas.io/owner': d.owner,
    'h-mas.io/model': model.modelId,
  };
  if (d.description) annotations['h-mas.io/description'] = d.description;

  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...metadata(d, d.name), annotations },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: deploymentSelector(d.name) },
      strategy: rolloutStrategy(d),
      template: {
        metadata: { labels: podLabels(d, ctx) },
        spec: podSpec,
      },
    },
  };
}

function buildService(d: ResolvedDeployment): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(d, d.name),
    spec: {
      type: 'ClusterIP',
      selector: deploymentSelector(d.name),
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ...(d.runtime.extraPorts ?? []).map(p => ({
          name: p.name,
          port: p.port,
          targetPort: p.name,
          protocol: 'TCP',
        })),
      ],
    },
  };
}

/**
 * The PodDisruptionBudget: a drain or an autoscaler evicts at most one of the deployment's
 * pods of a cluster at a time. `maxUnavailable` and not `minAvailable`, because Karmada
 * propagates the same budget to every cluster whatever its share of the replicas, and a
 * single replica must stay evictable (a `minAvailable: 1` budget would block every drain).
 */
function buildPodDisruptionBudget(d: ResolvedDeployment): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(d, d.name),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: deploymentSelector(d.name) },
    },
  };
}

/** Whether an env var reads the deployment's own Secret. */
function usesOwnSecret(d: ResolvedDeployment): boolean {
  const own = deploymentSecretName(d.name);
  return Object.values(d.secretEnv).some(ref => ref.name === own);
}

function buildSecret(d: ResolvedDeployment): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: metadata(d, deploymentSecretName(d.name)),
    type: 'Opaque',
  } as KubeObject;
}

function buildPvc(d: ResolvedDeployment): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(d, d.storage.pvcName),
    spec: {
      accessModes: [d.storage.accessMode ?? 'ReadWriteOnce'],
      // None: the cluster's default StorageClass.
      ...(d.storage.storageClassName
        ? { storageClassName: d.storage.storageClassName }
        : {}),
      resources: { requests: { storage: d.storage.size } },
    },
  };
}

function buildPropagationPolicy(
  d: ResolvedDeployment,
  ctx: ManifestContext,
): KubeObject {
  const resourceSelectors: object[] = [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: d.name },
    { apiVersion: 'v1', kind: 'Service', name: d.name },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', name: d.name },
  ];
  // An existing PVC is the user's: a pre-loaded volume already lives in the member
  // clusters (propagating a claim creates an empty one, it does not copy data) or under the
  // user's own policy; claiming it here would take over an object this deployment does not
  // own, and tie its fate to the deployment's policy.
  // The deployment's own Secret goes where its pods go. An existing Secret it references is
  // the user's, propagated by its owner: claiming it here would take it from their policy.
  if (usesOwnSecret(d)) {
    resourceSelectors.push({
      apiVersion: 'v1',
      kind: 'Secret',
      name: deploymentSecretName(d.name),
    });
  }
  if (d.storage.create) {
    resourceSelectors.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      name: d.storage.pvcName,
    });
  }
  const clusterAffinity: Record<string, unknown> = {
    ...targetAffinity(
      d.placement.mode === 'zone'
        ? { by: 'zone', zone: d.placement.zone, clusters: [] }
        : {
            by: 'clusters',
            zone: 'gpu-general',
            clusters: d.placement.clusters,
          },
      ctx.labelPrefix,
    ),
  };
  if (ctx.excludeClusters?.length) {
    clusterAffinity.exclude = [...ctx.excludeClusters].sort();
  }
  const { preset } = ctx;
  const placement: Record<string, unknown> = {
    clusterAffinity,
    // No clusterTolerations: they tolerate Karmada cluster taints (not-ready,
    // unreachable), not GPU node taints, which the pod tolerations handle.
    // Divided by available replicas for zones and named clusters alike unless a preset
    // says otherwise, so `replicas` always means the total across the fleet.
    replicaScheduling: preset
      ? replicaScheduling(preset.placement.replicaScheduling)
      : { ...DIVIDED_SCHEDULING },
  };
  if (preset?.placement.spreadBy) {
    placement.spreadConstraints = spreadConstraints(preset.placement.spreadBy);
  }
  if (preset?.failover?.clusterTolerationSeconds !== undefined) {
    placement.clusterTolerations = clusterFailureTolerations(
      preset.failover.clusterTolerationSeconds,
    );
  }
  const meta = metadata(d, `${d.name}-propagation`);
  if (preset) {
    (meta.annotations as Record<string, string>)['h-mas.io/preset'] =
      preset.name;
  }
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: meta,
    spec: {
      resourceSelectors,
      placement,
      ...(preset?.failover ? applicationFailover(preset.failover) : {}),
    },
  };
}

/**
 * The non-default pod schedulers an OverridePolicy must set, sorted and without duplicates.
 *
 * @public
 */
export function overrideSchedulers(
  d: Pick<ResolvedDeployment, 'placement' | 'schedulerName'>,
  ctx: ManifestContext = {},
): string[] {
  // A scheduler the user chose applies everywhere; an override would replace it.
  if (d.placement.mode !== 'zone' || d.schedulerName) return [];
  return [
    ...new Set(
      (ctx.zoneSchedulers ?? []).filter(s => s && s !== DEFAULT_SCHEDULER),
    ),
  ].sort();
}

/** The RuntimeClass per cluster that GPU pods need, sorted by cluster. */
function overrideRuntimeClasses(
  d: Pick<ResolvedDeployment, 'gpu'>,
  ctx: ManifestContext,
): Array<[string, string]> {
  if (!d.gpu) return [];
  return Object.entries(ctx.settings?.runtimeClasses ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
}

function buildOverridePolicy(
  d: ResolvedDeployment,
  ctx: ManifestContext,
): KubeObject | undefined {
  const schedulers = overrideSchedulers(d, ctx);
  const runtimeClasses = overrideRuntimeClasses(d, ctx);
  if (schedulers.length === 0 && runtimeClasses.length === 0) return undefined;
  const schedulerKey = coreLabelKeys(ctx.labelPrefix).scheduler;
  const schedulerRules = schedulers.map(scheduler => ({
    targetCluster: {
      labelSelector: { matchLabels: { [schedulerKey]: scheduler } },
    },
    overriders: {
      // `add` sets the member whether or not the template has it (the API server
      // defaults it to default-scheduler); `replace` fails on a missing path.
      plaintext: [
        { path: SCHEDULER_NAME_PATH, operator: 'add', value: scheduler },
        // KAI schedules only pods that name a queue.
        ...(scheduler === KAI_SCHEDULER
          ? [{ path: KAI_QUEUE_PATH, operator: 'add', value: kaiQueue(ctx) }]
          : []),
      ],
    },
  }));
  const runtimeClassRules = runtimeClasses.map(([cluster, runtimeClass]) => ({
    targetCluster: { clusterNames: [cluster] },
    overriders: {
      plaintext: [
        { path: RUNTIME_CLASS_PATH, operator: 'add', value: runtimeClass },
      ],
    },
  }));
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'OverridePolicy',
    metadata: metadata(d, `${d.name}-override`),
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: d.name },
      ],
      overrideRules: [...schedulerRules, ...runtimeClassRules],
    },
  };
}

/**
 * Builds the Kubernetes and Karmada objects of a resolved deployment. Pure and
 * deterministic: the same input gives the same objects, keys in the same order.
 *
 * @public
 */
export function buildManifests(
  d: ResolvedDeployment,
  ctx: ManifestContext = {},
): DeploymentManifests {
  const manifests: DeploymentManifests = {
    deployment: buildDeployment(d, ctx),
    service: buildService(d),
    podDisruptionBudget: buildPodDisruptionBudget(d),
    propagationPolicy: buildPropagationPolicy(d, ctx),
  };
  if (d.storage.create) manifests.pvc = buildPvc(d);
  if (usesOwnSecret(d)) manifests.secret = buildSecret(d);
  const overridePolicy = buildOverridePolicy(d, ctx);
  if (overridePolicy) manifests.overridePolicy = overridePolicy;
  return manifests;
}

/**
 * A copy of an object of deployment `deploymentId` that carries its id as the label
 * {@link DEPLOYMENT_ID_LABEL}.
 *
 * @public
 */
export function withDeploymentId(
  object: KubeObject,
  deploymentId: string,
): KubeObject {
  const meta = object.metadata as { labels?: Record<string, string> };
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...meta.labels, [DEPLOYMENT_ID_LABEL]: deploymentId },
    },
  } as KubeObject;
}

/**
 * Every kind a deployment plan may create, as `[apiVersion, kind]` in the create order of
 * {@link manifestList}: where the backend looks for a deployment's objects (orphans
 * included).
 *
 * @public
 */
export const DEPLOYMENT_OBJECT_KINDS: ReadonlyArray<
  readonly [apiVersion: string, kind: string]
> = [
  ['policy.karmada.io/v1alpha1', 'OverridePolicy'],
  ['policy.karmada.io/v1alpha1', 'PropagationPolicy'],
  ['v1', 'Secret'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Service'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['apps/v1', 'Deployment'],
];

/**
 * The objects in their safe create order: OverridePolicy, PropagationPolicy, Secret, PVC,
 * Service, PodDisruptionBudget, Deployment (delete in reverse).
 *
 * Policies first because Karmada binds a resource template to a policy when the template
 * appears: created after its templates, our PropagationPolicy could find them already
 * claimed by a broad ClusterPropagationPolicy, which it does not preempt by default. The
 * OverridePolicy precedes the PropagationPolicy so no Deployment reaches a member cluster
 * without its scheduler override (its pods would start on the wrong scheduler). The Secret,
 * PVC and Service precede the Deployment so its pods find their claim and are reachable as
 * soon as they are ready. If a create fails midway, the objects already created are the
 * ones to roll back, and none of them runs a pod.
 *
 * @public
 */
export function manifestList(m: DeploymentManifests): KubeObject[] {
  return [
    m.overridePolicy,
    m.propagationPolicy,
    m.secret,
    m.pvc,
    m.service,
    m.podDisruptionBudget,
    m.deployment,
  ].filter((o): o is KubeObject => o !== undefined);
}

/**
 * The objects as multi-document YAML in {@link manifestList} order, for previews and
 * GitOps, printed by the one Kubernetes YAML printer ({@link toYamlDocuments}).
 *
 * @public
 */
export function manifestsToYaml(m: DeploymentManifests): string {
  return toYamlDocuments(manifestList(m));
}
