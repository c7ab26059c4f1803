import { GPU_RESOURCE } from '../clusters/cluster';
import {
  DeploymentManifests,
  MODEL_SERVER_CONTAINER,
} from '../deployments/manifests';
import { RuntimeDefinition, runtimeById } from '../deployments/runtimes';
import {
  DeploymentPlacement,
  DeploymentSpec,
  effectiveGpuMode,
} from '../deployments/spec';
import {
  PresetReplicaScheduling,
  PresetResourceProfile,
  PresetSpec,
} from './preset';

/**
 * What {@link applyPreset} needs to know about the deployment beyond its objects.
 *
 * @public
 */
export interface PresetContext {
  /** Runtime id of the deployment; picks the resource profile. */
  runtime: string;
  /** The deployment's placement; checked against the preset's zone. */
  placement: DeploymentPlacement;
}

type Obj = Record<string, any>;

// The builders return plain JSON; a deep copy is the simplest way never to share a node
// with the caller's objects.
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/**
 * The resource profile of a preset for one runtime, if it has one.
 *
 * @public
 */
export function presetResources(
  preset: Pick<PresetSpec, 'resources'>,
  runtime: string,
): PresetResourceProfile | undefined {
  return preset.resources?.[runtime];
}

/**
 * Returns a copy of a deployment request with the preset's resource profile for its runtime
 * in `resources` (the profile wins over the request's values; `gpuType` stays). In CPU mode
 * the profile's `gpu` is left out. Call it before resolving: the GPU count also shapes the
 * runtime's arguments (vLLM tensor parallelism, TGI shards) and the fit check.
 *
 * @public
 */
export function withPresetResources<T extends DeploymentSpec>(
  spec: T,
  preset: Pick<PresetSpec, 'resources'>,
  runtimes?: RuntimeDefinition[],
): T {
  const profile = presetResources(preset, spec.runtime);
  if (!profile) return spec;
  const runtime = runtimeById(spec.runtime, runtimes);
  const gpu =
    runtime && effectiveGpuMode(runtime.gpuMode, spec) === 'gpu'
      ? profile.gpu
      : undefined;
  const resources: Record<string, unknown> = { ...spec.resources };
  if (profile.cpu !== undefined) resources.cpu = profile.cpu;
  if (profile.memory !== undefined) resources.memory = profile.memory;
  if (gpu !== undefined) resources.gpu = gpu;
  return { ...spec, resources };
}

function replicaScheduling(rs: PresetReplicaScheduling): Obj {
  if (rs.type === 'Duplicated') return { replicaSchedulingType: 'Duplicated' };
  if (rs.weighting.mode === 'dynamic') {
    return {
      replicaSchedulingType: 'Divided',
      replicaDivisionPreference: 'Weighted',
      weightPreference: { dynamicWeight: 'AvailableReplicas' },
    };
  }
  return {
    replicaSchedulingType: 'Divided',
    replicaDivisionPreference: 'Weighted',
    weightPreference: {
      staticWeightList: rs.weighting.weights.map(w => {
        const targetCluster: Obj = {};
        if (w.clusterNames) targetCluster.clusterNames = [...w.clusterNames];
        if (w.labelSelector) {
          targetCluster.labelSelector = { matchLabels: { ...w.labelSelector } };
        }
        return { targetCluster, weight: w.weight };
      }),
    },
  };
}

function spreadConstraints(
  spreadBy: NonNullable<PresetSpec['placement']['spreadBy']>,
): Obj[] {
  const constraint: Obj = { spreadByField: spreadBy.field };
  if (spreadBy.maxGroups !== undefined)
    constraint.maxGroups = spreadBy.maxGroups;
  if (spreadBy.minGroups !== undefined)
    constraint.minGroups = spreadBy.minGroups;
  if (spreadBy.field === 'cluster') return [constraint];
  // Karmada rejects a field spread without a cluster constraint. Each region group holds
  // at least one cluster, so the region's minimum is also the clusters' minimum.
  return [
    constraint,
    { spreadByField: 'cluster', minGroups: spreadBy.minGroups ?? 1 },
  ];
}

function applyResources(
  deployment: Obj,
  profile: PresetResourceProfile,
  runtime: string,
) {
  const containers: Obj[] = deployment.spec?.template?.spec?.containers ?? [];
  const container = containers.find(c => c.name === MODEL_SERVER_CONTAINER);
  if (!container) {
    throw new Error(
      `The Deployment has no ${MODEL_SERVER_CONTAINER} container to apply the resource profile to`,
    );
  }
  const requests: Obj = (container.resources ??= {}).requests ?? {};
  const limits: Obj = container.resources.limits ?? {};
  container.resources.requests = requests;
  container.resources.limits = limits;
  // No CPU limit, as in the builder: throttling a model server stalls token generation.
  if (profile.cpu !== undefined) requests.cpu = profile.cpu;
  if (profile.memory !== undefined) {
    requests.memory = profile.memory;
    limits.memory = profile.memory;
  }
  // CPU-mode pods carry no GPU request (nor the GPU tolerations); the profile's GPUs
  // are for the runtime's GPU mode only.
  if (profile.gpu !== undefined && GPU_RESOURCE in requests) {
    if (requests[GPU_RESOURCE] !== String(profile.gpu)) {
      throw new Error(
        `resources.${runtime}.gpu: the preset asks for ${profile.gpu} GPU(s) but the deployment was resolved with ${requests[GPU_RESOURCE]}; resolve it with withPresetResources so the runtime's arguments match`,
      );
    }
    requests[GPU_RESOURCE] = String(profile.gpu);
    limits[GPU_RESOURCE] = String(profile.gpu);
  }
}

/**
 * Applies a preset to a deployment's objects and returns new objects (the input is never
 * changed):
 *
 * - PropagationPolicy: `replicaScheduling` (Duplicated, or Divided and Weighted by
 *   `dynamicWeight: AvailableReplicas` or a `staticWeightList`), `spreadConstraints` (a
 *   region spread also gets the cluster constraint Karmada requires), and with failover
 *   settings `failover.application` (`decisionConditions.tolerationSeconds`, `purgeMode`,
 *   default Gracefully, `gracePeriodSeconds`) plus `propagateDeps: true`, without which
 *   Karmada rejects application failover.
 * - Deployment: the resource profile of `context.runtime` on the model-server container
 *   (CPU request, memory request and limit, GPU request = limit). The GPU count must
 *   already match: it is applied before resolving, see {@link withPresetResources}.
 * - Zone: the preset's zone is a constraint, not a placement. A deployment placed by zone
 *   must be in the preset's zone or this throws an Error naming `placement.zone`; a
 *   deployment placed on named clusters keeps its clusters (the user chose them) and the
 *   preset's zone does not apply.
 *
 * The OverridePolicy, Service and PVC are returned as copies, unchanged.
 *
 * @public
 */
export function applyPreset(
  manifests: DeploymentManifests,
  preset: PresetSpec,
  context: PresetContext,
): DeploymentManifests {
  const { placement } = context;
  if (
    preset.placement.zone &&
    placement.mode === 'zone' &&
    placement.zone !== preset.placement.zone
  ) {
    throw new Error(
      `placement.zone: preset ${preset.name} is for zone ${preset.placement.zone}, but the deployment is placed in zone ${placement.zone}`,
    );
  }

  const out = clone(manifests);
  const policy = out.propagationPolicy as Obj;
  const spec: Obj = policy.spec;
  spec.placement.replicaScheduling = replicaScheduling(
    preset.placement.replicaScheduling,
  );
  if (preset.placement.spreadBy) {
    spec.placement.spreadConstraints = spreadConstraints(
      preset.placement.spreadBy,
    );
  }
  if (preset.failover) {
    const application: Obj = {
      decisionConditions: {
        tolerationSeconds: preset.failover.tolerationSeconds,
      },
      purgeMode: preset.failover.purgeMode ?? 'Gracefully',
    };
    if (preset.failover.gracePeriodSeconds !== undefined) {
      application.gracePeriodSeconds = preset.failover.gracePeriodSeconds;
    }
    spec.propagateDeps = true;
    spec.failover = { application };
  }

  const profile = presetResources(preset, context.runtime);
  if (profile) applyResources(out.deployment as Obj, profile, context.runtime);

  const annotations = (policy.metadata.annotations ??= {});
  annotations['h-mas.io/preset'] = preset.name;
  return out;
}
