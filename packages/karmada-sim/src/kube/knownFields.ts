/**
 * Known top-level and `spec` fields of the built-in kinds the simulator validates
 * (`builtinValidation.ts`), from the Go types of Kubernetes 1.31. A real server drops
 * unknown fields of built-in types while decoding; the simulator does so for these kinds,
 * at the top level, in `metadata` and in `spec` (deeper levels are not checked).
 */

import { OBJECT_META_FIELDS } from '../karmada/prune';

interface KnownFields {
  top: readonly string[];
  spec?: readonly string[];
}

const TYPE_META = ['apiVersion', 'kind', 'metadata'];

/** Per `group/Kind` (`/Service` for the core group). @public */
export const BUILTIN_KNOWN_FIELDS: Record<string, KnownFields> = {
  'apps/Deployment': {
    top: [...TYPE_META, 'spec', 'status'],
    spec: [
      'replicas',
      'selector',
      'template',
      'strategy',
      'minReadySeconds',
      'revisionHistoryLimit',
      'paused',
      'progressDeadlineSeconds',
    ],
  },
  '/Service': {
    top: [...TYPE_META, 'spec', 'status'],
    spec: [
      'ports',
      'selector',
      'clusterIP',
      'clusterIPs',
      'type',
      'externalIPs',
      'sessionAffinity',
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'publishNotReadyAddresses',
      'sessionAffinityConfig',
      'ipFamilies',
      'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts',
      'loadBalancerClass',
      'internalTrafficPolicy',
      'trafficDistribution',
    ],
  },
  '/PersistentVolumeClaim': {
    top: [...TYPE_META, 'spec', 'status'],
    spec: [
      'accessModes',
      'selector',
      'resources',
      'volumeName',
      'storageClassName',
      'volumeMode',
      'dataSource',
      'dataSourceRef',
      'volumeAttributesClassName',
    ],
  },
  '/Secret': {
    top: [...TYPE_META, 'immutable', 'data', 'stringData', 'type'],
  },
  '/ConfigMap': {
    top: [...TYPE_META, 'immutable', 'data', 'binaryData'],
  },
  '/ResourceQuota': {
    top: [...TYPE_META, 'spec', 'status'],
    spec: ['hard', 'scopes', 'scopeSelector'],
  },
  '/Namespace': {
    top: [...TYPE_META, 'spec', 'status'],
    spec: ['finalizers'],
  },
  'scheduling.k8s.io/PriorityClass': {
    top: [
      ...TYPE_META,
      'value',
      'globalDefault',
      'description',
      'preemptionPolicy',
    ],
  },
};

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Drops the unknown top-level, `metadata` and `spec` fields of a built-in object of a
 * covered kind (mutates `obj`); returns their paths. Directive keys of a strategic merge
 * patch (`$patch`, `$setElementOrder/...`) are not fields and are kept.
 * @public
 */
export function pruneBuiltin(
  group: string,
  kind: string,
  obj: Record<string, any>,
): string[] {
  const known = BUILTIN_KNOWN_FIELDS[`${group}/${kind}`];
  if (!known) return [];
  const out: string[] = [];
  const prune = (
    value: Record<string, any>,
    fields: readonly string[],
    path: string,
  ) => {
    for (const key of Object.keys(value)) {
      if (key.startsWith('$')) continue;
      if (!fields.includes(key)) {
        out.push(path ? `${path}.${key}` : key);
        delete value[key];
      } else if (!path && key === 'metadata' && isPlainObject(value[key])) {
        prune(value[key], OBJECT_META_FIELDS, 'metadata');
      } else if (
        !path &&
        key === 'spec' &&
        known.spec &&
        isPlainObject(value[key])
      ) {
        prune(value[key], known.spec, 'spec');
      }
    }
  };
  prune(obj, known.top, '');
  return out;
}
