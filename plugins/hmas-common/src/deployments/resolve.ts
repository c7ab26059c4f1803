import { parseQuantity } from '../quantity';
import {
  estimateMemoryGib,
  fallbackKvCacheKiBPerToken,
  modelPresetById,
  ResolvedModel,
} from './models';
import {
  defaultLoadStrategy,
  LoadStrategy,
  RuntimeDefinition,
  runtimeById,
  WRITABLE_TMP_DIR,
} from './runtimes';
import { EffectiveDeploymentSettings, ModelCacheAccessMode } from './settings';
import {
  DeploymentPlacement,
  deploymentSecretName,
  effectiveGpuMode,
  ParsedDeploymentSpec,
  SecretKeyRef,
} from './spec';

/**
 * Everything the manifest builders need, with every default applied.
 *
 * @public
 */
export interface ResolvedDeployment {
  name: string;
  namespace: string;
  owner: string;
  description?: string;
  /** The catalog entity the deployment serves (canonical entity ref). */
  entityRef?: string;
  runtime: RuntimeDefinition;
  gpu: boolean;
  model: ResolvedModel;
  /** max(user value or model estimate, runtime floor); `gpu` is 0 in CPU mode. */
  resources: { cpu: string; memory: string; gpu: number; gpuType?: string };
  /** Why a value was raised, or a warning about a user value. */
  resourceNotes: string[];
  replicas: number;
  placement: DeploymentPlacement;
  /** The pod scheduler, only when the user chose one. */
  schedulerName?: string;
  priorityClassName: string;
  /**
   * Runtime defaults, the model cache variable, model env (context, offload), then the
   * user's env: the user wins.
   */
  env: Record<string, string>;
  /**
   * Env vars read from Secrets: references to existing Secrets, and to the deployment's own
   * Secret for the values entered as secrets. Replaces a default of the same name in `env`.
   */
  secretEnv: Record<string, SecretKeyRef>;
  /**
   * The model cache: created (`create`) or the user's pre-loaded volume. `shared` is how
   * replicas on one cluster can use it: `node` when it is ReadWriteOnce (the pods of a
   * cluster share one node), `cluster` when many nodes may mount it (ReadWriteMany or
   * ReadOnlyMany). A created cache asks for `accessMode` and `storageClassName` (none: the
   * cluster's default class).
   */
  storage: {
    pvcName: string;
    create: boolean;
    size: string;
    accessMode?: ModelCacheAccessMode;
    storageClassName?: string;
    shared: 'node' | 'cluster';
  };
  /** No download at all: a pre-loaded volume, the hub libraries offline. */
  offline: boolean;
  /** The user's extra server args, appended after the runtime's. */
  args: string[];
  loadStrategy: LoadStrategy;
}

/** Default context for a custom model, small enough for any runtime's memory floor. @public */
export const DEFAULT_CUSTOM_CONTEXT = 4096;

/**
 * Name of the model cache PVC H-MAS creates for a deployment.
 *
 * @public
 */
export function modelCachePvcName(deploymentName: string): string {
  return `hmas-${deploymentName}-model-cache`;
}

const GIB = 2 ** 30;

function gib(quantity: string): number {
  return (parseQuantity(quantity) ?? 0) / GIB;
}

function formatGib(value: number): string {
  return `${Math.ceil(value - 1e-9)}Gi`;
}

/**
 * Applies presets, runtime defaults and floors to a parsed spec. Throws when the spec names
 * an unknown runtime or preset, or has no owner (the schema rejects the former; the backend
 * passes the caller as `options.owner`).
 *
 * @public
 */
export function resolveDeployment(
  spec: ParsedDeploymentSpec,
  options: {
    runtimes?: RuntimeDefinition[];
    owner?: string;
    /** The platform's settings for the deployment's zone (`effectiveDeploymentSettings`). */
    settings?: Pick<
      EffectiveDeploymentSettings,
      'offline' | 'storageClassName' | 'accessMode'
    >;
    /** The access modes of the existing PVC the spec names, as Karmada has it. */
    existingPvcAccessModes?: readonly string[];
  } = {},
): ResolvedDeployment {
  const runtime = runtimeById(spec.runtime, options.runtimes);
  if (!runtime) throw new Error(`Unknown runtime "${spec.runtime}"`);
  const owner = spec.owner ?? options.owner;
  if (!owner) throw new Error('A deployment needs an owner');
  const preset = spec.model.preset
    ? modelPresetById(spec.model.preset)
    : undefined;
  if (spec.model.preset && !preset) {
    throw new Error(`Unknown model preset "${spec.model.preset}"`);
  }
  const modelId = spec.model.modelId ?? preset?.modelId;
  if (!modelId) throw new Error('A deployment needs a model preset or modelId');

  const gpu = effectiveGpuMode(runtime.gpuMode, spec) === 'gpu';
  const offline = options.settings?.offline === true || spec.offline === true;
  const loadStrategy =
    spec.loadStrategy ?? defaultLoadStrategy(runtime, offline);
  const model: ResolvedModel = {
    id: preset && !spec.model.modelId ? preset.id : 'custom',
    title: preset && !spec.model.modelId ? preset.title : modelId,
    modelId,
    hfRepo: spec.model.hfRepo ?? preset?.hfRepo,
    hfFile: spec.model.hfFile ?? preset?.hfFile,
    sizeGb: spec.model.sizeGb ?? preset?.sizeGb ?? 0,
    contextSize:
      spec.model.contextSize ??
      preset?.defaultContext ??
      DEFAULT_CUSTOM_CONTEXT,
    loadStrategy,
  };
  if (!model.hfRepo) delete model.hfRepo;
  if (!model.hfFile) delete model.hfFile;

  const floor = runtime.resourceFloor;
  const notes: string[] = [];
  const gpuCount = gpu
    ? Math.max(spec.resources?.gpu ?? floor.gpu, floor.gpu)
    : 0;
  if (
    gpu &&
    spec.resources?.gpu !== undefined &&
    spec.resources.gpu < floor.gpu
  ) {
    notes.push(`gpu raised to ${floor.gpu}: ${runtime.title} floor`);
  }

  // HOME on the writable emptyDir: the root file system is read-only.
  const env: Record<string, string> = {
    HOME: WRITABLE_TMP_DIR,
    ...runtime.defaultEnv,
  };
  if (offline) env.HF_HUB_OFFLINE = '1';
  if (runtime.modelCache.envVar) {
    env[runtime.modelCache.envVar] = runtime.modelCache.mountPath;
  }
  Object.assign(
    env,
    runtime.modelEnv?.({ model, port: runtime.port, gpu, gpuCount }),
  );
  const secretEnv: Record<string, SecretKeyRef> = {};
  for (const [name, value] of Object.entries(spec.env)) {
    if (typeof value === 'string') {
      env[name] = value;
    } else {
      delete env[name];
      secretEnv[name] =
        'secret' in value
          ? { name: deploymentSecretName(spec.name), key: name }
          : { ...value.secretKeyRef };
    }
  }

  let cpu = spec.resources?.cpu ?? floor.cpu;
  if ((parseQuantity(cpu) ?? 0) < (parseQuantity(floor.cpu) ?? 0)) {
    notes.push(`cpu raised to ${floor.cpu}: ${runtime.title} floor`);
    cpu = floor.cpu;
  }

  const quantized = runtime.id === 'llamacpp' || runtime.id === 'ollama';
  const estimate = estimateMemoryGib({
    sizeGb: model.sizeGb,
    contextSize: model.contextSize,
    kvCacheKiBPerToken:
      preset && model.id !== 'custom' && preset.kvCacheKiBPerToken !== undefined
        ? preset.kvCacheKiBPerToken
        : fallbackKvCacheKiBPerToken(model.sizeGb, quantized),
    kvCacheSlots: runtime.kvCacheSlots?.(env) ?? 1,
    overheadGib: runtime.memoryOverheadGib ?? 1,
    shmGib: runtime.needsShm ? gib(runtime.shmSize ?? '1Gi') : 0,
  });
  let memory: string;
  if (spec.resources?.memory) {
    memory = spec.resources.memory;
    if (gib(memory) < gib(floor.memory)) {
      notes.push(`memory raised to ${floor.memory}: ${runtime.title} floor`);
      memory = floor.memory;
    } else if (gib(memory) < estimate) {
      notes.push(
        `memory ${memory} is below the ${formatGib(estimate)} estimated for ${
          model.title
        } with a ${model.contextSize}-token context; pods may be OOM-killed`,
      );
    }
  } else {
    const presetMin = preset ? gib(preset.minMemory) : 0;
    const base = Math.max(presetMin, estimate);
    if (gib(floor.memory) > base) {
      memory = floor.memory;
      notes.push(`memory raised to ${floor.memory}: ${runtime.title} floor`);
    } else {
      memory = formatGib(base);
      if (estimate > presetMin && preset) {
        notes.push(
          `memory raised to ${memory}: weights, KV cache for ${model.contextSize} tokens and ${runtime.title} overhead`,
        );
      }
    }
  }

  const existingPvc =
    'existingPvc' in spec.storage ? spec.storage.existingPvc : undefined;
  // The cache holds the weights plus the hub's metadata and partial downloads.
  const neededStorage = Math.max(10, Math.ceil(model.sizeGb * 1.5) + 5);
  let size = `${neededStorage}Gi`;
  if ('size' in spec.storage && spec.storage.size) {
    size = spec.storage.size;
    const minimum = Math.ceil((model.sizeGb * 1e9 * 1.1) / GIB) + 1;
    if (gib(size) < minimum) {
      notes.push(
        `storage raised to ${minimum}Gi: the model needs ${model.sizeGb} GB`,
      );
      size = `${minimum}Gi`;
    }
  }
  const accessMode = options.settings?.accessMode ?? 'ReadWriteOnce';
  const manyNodes = existingPvc
    ? (options.existingPvcAccessModes ?? []).some(
        m => m === 'ReadWriteMany' || m === 'ReadOnlyMany',
      )
    : accessMode === 'ReadWriteMany';
  const shared: 'node' | 'cluster' = manyNodes ? 'cluster' : 'node';
  if (spec.replicas > 1 && shared === 'node') {
    notes.push(
      'the model cache is ReadWriteOnce: replicas that Karmada places on the same cluster run on one node of it (spread them over clusters, or use a ReadWriteMany storage class, for node failover)',
    );
  }

  const resolved: ResolvedDeployment = {
    name: spec.name,
    namespace: spec.namespace,
    owner,
    ...(spec.entityRef ? { entityRef: spec.entityRef } : {}),
    runtime,
    gpu,
    model,
    resources: { cpu, memory, gpu: gpuCount },
    resourceNotes: notes,
    replicas: spec.replicas,
    placement: spec.placement,
    priorityClassName: spec.priorityClassName,
    env,
    secretEnv,
    storage: existingPvc
      ? { pvcName: existingPvc, create: false, size, shared }
      : {
          pvcName: modelCachePvcName(spec.name),
          create: true,
          size,
          accessMode,
          ...(options.settings?.storageClassName
            ? { storageClassName: options.settings.storageClassName }
            : {}),
          shared,
        },
    offline,
    args: spec.args ?? [],
    loadStrategy,
  };
  if (spec.description) resolved.description = spec.description;
  if (gpu && spec.resources?.gpuType) {
    resolved.resources.gpuType = spec.resources.gpuType;
  }
  if (spec.schedulerName) resolved.schedulerName = spec.schedulerName;
  return resolved;
}
