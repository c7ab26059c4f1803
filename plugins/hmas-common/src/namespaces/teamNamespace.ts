import { z } from 'zod';
import { GPU_RESOURCE } from '../clusters/cluster';
import type { KubeObject } from '../kubernetes';
import { dns1123LabelSchema } from '../kubernetes';
import { isQuantity, parseQuantity } from '../quantity';

/**
 * The PriorityClass presets of team namespaces (F-5.4), highest first: serving beats
 * training, which beats experiments. H-MAS creates them on every member through Karmada.
 *
 * @public
 */
export const PRIORITY_CLASS_PRESETS = [
  {
    name: 'inference-critical',
    value: 1_000_000,
    description: 'Model servers that answer users: never preempted by training',
  },
  {
    name: 'training',
    value: 100_000,
    description: 'Training and fine-tuning jobs',
  },
  {
    name: 'experiment',
    value: 10_000,
    description: 'Experiments: the first to be preempted',
  },
] as const;

/** @public */
export type PriorityClassPreset =
  (typeof PRIORITY_CLASS_PRESETS)[number]['name'];

const presetNames = PRIORITY_CLASS_PRESETS.map(p => p.name) as [
  PriorityClassPreset,
  ...PriorityClassPreset[],
];

/** Name of the ResourceQuota H-MAS writes in a team namespace. @public */
export const TEAM_QUOTA_NAME = 'team-quota';

/** Label on the Namespace (and its objects) that marks it a team namespace, valued with its team. @public */
export const TEAM_NAMESPACE_LABEL = 'h-mas.io/team-namespace';

/** Name of the PropagationPolicy that sends a team's ResourceQuota to every member. @public */
export const TEAM_QUOTA_POLICY_NAME = 'team-quota-propagation';

/** Name of the ClusterPropagationPolicy that sends the PriorityClass presets to every member. @public */
export const PRIORITY_CLASS_POLICY_NAME = 'hmas-priority-classes';

/** The ResourceQuota keys of a team quota, by its field. @public */
export const TEAM_QUOTA_KEYS = {
  gpu: `requests.${GPU_RESOURCE}`,
  cpu: 'requests.cpu',
  memory: 'requests.memory',
  pods: 'pods',
} as const;

/** @public */
export type TeamQuotaField = keyof typeof TEAM_QUOTA_KEYS;

const RESERVED_NAMESPACES = /^(default|kube-.*|karmada-.*)$/;

const quantity = (what: string) =>
  z.string().refine(q => isQuantity(q) && (parseQuantity(q) ?? 0) > 0, {
    message: `${what} must be a positive quantity such as 8 or 500m (CPU), 64Gi (memory)`,
  });

/**
 * A team namespace's ResourceQuota, per member cluster: GPUs, CPU, memory and pods its
 * deployments may request on each cluster. At least one is set.
 *
 * @public
 */
export const teamQuotaSchema = z
  .object({
    gpu: z.number().int().min(0).max(10_000).optional(),
    cpu: quantity('cpu').optional(),
    memory: quantity('memory').optional(),
    pods: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
  .refine(q => Object.values(q).some(v => v !== undefined), {
    message: 'Set at least one of gpu, cpu, memory and pods',
  });

/** @public */
export type TeamQuota = z.infer<typeof teamQuotaSchema>;

const priorityClassesSchema = z
  .array(z.enum(presetNames))
  .min(1, 'Allow at least one priority class')
  .refine(list => new Set(list).size === list.length, {
    message: 'A priority class is listed twice',
  });

/**
 * A team namespace as the platform team defines it.
 *
 * @public
 */
export const teamNamespaceSpecSchema = z
  .object({
    name: dns1123LabelSchema('Namespace').refine(
      n => !RESERVED_NAMESPACES.test(n),
      { message: 'Namespace default, kube-* and karmada-* are reserved' },
    ),
    team: z.string().regex(/^group:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, {
      message:
        'Team must be a group entity ref such as group:default/ml-research',
    }),
    description: z.string().max(500).optional(),
    quota: teamQuotaSchema,
    priorityClasses: priorityClassesSchema.default([...presetNames]),
  })
  .strict();

/** @public */
export type TeamNamespaceSpec = z.infer<typeof teamNamespaceSpecSchema>;

/** A team namespace as a client sends it (defaults not yet applied). @public */
export type TeamNamespaceInput = z.input<typeof teamNamespaceSpecSchema>;

/**
 * A change to a team namespace: its description, quota or allowed priority classes.
 *
 * @public
 */
export const teamNamespaceUpdateSchema = z
  .object({
    description: z.string().max(500).optional(),
    quota: teamQuotaSchema.optional(),
    priorityClasses: priorityClassesSchema.optional(),
  })
  .strict()
  .refine(u => Object.values(u).some(v => v !== undefined), {
    message: 'Change at least one of description, quota and priorityClasses',
  });

/** @public */
export type TeamNamespaceUpdate = z.infer<typeof teamNamespaceUpdateSchema>;

/** Use of a team quota on one member cluster, as its ResourceQuota reports it. @public */
export interface ClusterQuotaUse {
  cluster: string;
  /** ResourceQuota key → limit; empty when the cluster reports no quota (yet). */
  hard: Record<string, string>;
  /** ResourceQuota key → amount in use. */
  used: Record<string, string>;
  /** Why the use could not be read. */
  error?: string;
}

/** @public */
export type TeamNamespaceState = 'creating' | 'active' | 'deleting';

/**
 * A team namespace as H-MAS lists it.
 *
 * @public
 */
export interface TeamNamespace extends TeamNamespaceSpec {
  state: TeamNamespaceState;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Quota use per member cluster, when asked for. */
  usage?: ClusterQuotaUse[];
}

/** The ResourceQuota `spec.hard` of a team quota. @public */
export function teamQuotaHard(quota: TeamQuota): Record<string, string> {
  const hard: Record<string, string> = {};
  for (const field of Object.keys(TEAM_QUOTA_KEYS) as TeamQuotaField[]) {
    const value = quota[field];
    if (value !== undefined) hard[TEAM_QUOTA_KEYS[field]] = String(value);
  }
  return hard;
}

/**
 * The control-plane objects of a team namespace, in create order: the Namespace (Karmada
 * propagates namespaces to every member), its ResourceQuota, and the PropagationPolicy that
 * sends the quota to every member cluster, where each enforces it.
 *
 * @public
 */
export function teamNamespaceObjects(spec: {
  name: string;
  team: string;
  quota: TeamQuota;
}): KubeObject[] {
  const labels = { [TEAM_NAMESPACE_LABEL]: teamLabelValue(spec.team) };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: spec.name,
        labels,
        annotations: { 'h-mas.io/team': spec.team },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: TEAM_QUOTA_NAME, namespace: spec.name, labels },
      spec: { hard: teamQuotaHard(spec.quota) },
    },
    {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: TEAM_QUOTA_POLICY_NAME, namespace: spec.name, labels },
      spec: {
        resourceSelectors: [
          { apiVersion: 'v1', kind: 'ResourceQuota', name: TEAM_QUOTA_NAME },
        ],
        // Every member: a deployment may be placed on any of them.
        placement: {
          clusterAffinity: {},
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    },
  ];
}

/** The label value for a team (`group:default/ml-research` → `ml-research`). @public */
export function teamLabelValue(team: string): string {
  return team.slice(team.lastIndexOf('/') + 1).slice(0, 63);
}

/**
 * The PriorityClass presets and the ClusterPropagationPolicy that sends them to every member.
 * The policy takes over classes of the same name a platform installed on a member
 * (`conflictResolution: Overwrite`): their value is the preset's either way.
 *
 * @public
 */
export function priorityClassObjects(): KubeObject[] {
  return [
    ...PRIORITY_CLASS_PRESETS.map(p => ({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: {
        name: p.name,
        labels: { 'h-mas.io/priority-preset': 'true' },
      },
      value: p.value,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: p.description,
    })),
    {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: PRIORITY_CLASS_POLICY_NAME },
      spec: {
        resourceSelectors: PRIORITY_CLASS_PRESETS.map(p => ({
          apiVersion: 'scheduling.k8s.io/v1',
          kind: 'PriorityClass',
          name: p.name,
        })),
        conflictResolution: 'Overwrite',
        placement: {
          clusterAffinity: {},
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    },
  ];
}

/** The quota a pod of a deployment uses: its requests, in base units, and one pod. @public */
export function podQuotaUse(resources: {
  cpu: string;
  memory: string;
  gpu: number;
}): Record<string, number> {
  return {
    [TEAM_QUOTA_KEYS.cpu]: parseQuantity(resources.cpu) ?? 0,
    [TEAM_QUOTA_KEYS.memory]: parseQuantity(resources.memory) ?? 0,
    [TEAM_QUOTA_KEYS.gpu]: resources.gpu,
    [TEAM_QUOTA_KEYS.pods]: 1,
  };
}

function formatAmount(key: string, amount: number): string {
  if (key === TEAM_QUOTA_KEYS.memory) {
    const gib = amount / 2 ** 30;
    return `${Math.round(gib * 10) / 10}Gi`;
  }
  return String(Math.round(amount * 1000) / 1000);
}

/** How much of each limited key is left on a cluster (never below 0); empty when no quota. @public */
export function quotaHeadroom(use: ClusterQuotaUse): Record<string, number> {
  const left: Record<string, number> = {};
  for (const [key, limit] of Object.entries(use.hard)) {
    const hard = parseQuantity(limit) ?? 0;
    const used = parseQuantity(use.used[key] ?? '0') ?? 0;
    left[key] = Math.max(0, hard - used);
  }
  return left;
}

/**
 * How many more pods of `perPod` fit in a cluster's quota: Infinity without a quota, none on a
 * cluster whose quota could not be read (it is down or unreachable, so Karmada does not place
 * there either).
 */
function podsThatFit(use: ClusterQuotaUse, perPod: Record<string, number>) {
  if (use.error) return 0;
  let fit = Infinity;
  for (const [key, left] of Object.entries(quotaHeadroom(use))) {
    const need = perPod[key] ?? 0;
    if (need > 0) fit = Math.min(fit, Math.floor(left / need + 1e-9));
  }
  return fit;
}

/**
 * Why `replicas` more pods of `perPod` would exceed the team quota on the clusters a
 * deployment targets, or `undefined` when they fit. Divided replicas may use the clusters
 * together; Duplicated ones need room on each. A cluster that reports no quota does not
 * limit; one whose quota could not be read has no room. The message names the quota and the headroom left on each cluster.
 *
 * @public
 */
export function quotaShortfall(options: {
  namespace: string;
  replicas: number;
  perPod: Record<string, number>;
  scheduling: 'Divided' | 'Duplicated';
  usage: ClusterQuotaUse[];
}): string | undefined {
  const { replicas, perPod, usage } = options;
  if (replicas <= 0 || usage.length === 0) return undefined;
  const fits = usage.map(u => podsThatFit(u, perPod));
  const ok =
    options.scheduling === 'Duplicated'
      ? fits.every(f => f >= replicas)
      : fits.reduce((a, b) => a + b, 0) >= replicas;
  if (ok) return undefined;
  const asked = Object.entries(perPod)
    .filter(([key, need]) => need > 0 && usage.some(u => key in u.hard))
    .map(([key, need]) => `${key}=${formatAmount(key, need * replicas)}`)
    .join(', ');
  const headroom = usage
    .map(u => {
      if (u.error) return `${u.cluster}: unavailable`;
      const left = quotaHeadroom(u);
      const keys = Object.keys(left).filter(k => (perPod[k] ?? 0) > 0);
      return keys.length === 0
        ? `${u.cluster}: no limit`
        : `${u.cluster}: ${keys
            .map(k => `${k}=${formatAmount(k, left[k])}`)
            .join(', ')}`;
    })
    .join('; ');
  return `exceeds quota ${TEAM_QUOTA_NAME} of team namespace ${
    options.namespace
  }: ${replicas} replica(s) ${
    options.scheduling === 'Duplicated' ? 'on each cluster ' : ''
  }request ${asked}; headroom left: ${headroom}`;
}

/** What people call each ResourceQuota key of a team quota. */
const QUOTA_TITLES: Record<string, string> = {
  [TEAM_QUOTA_KEYS.gpu]: 'GPU',
  [TEAM_QUOTA_KEYS.cpu]: 'CPU',
  [TEAM_QUOTA_KEYS.memory]: 'memory',
  [TEAM_QUOTA_KEYS.pods]: 'pods',
};

/**
 * A team quota for people, e.g. `GPU 4 · CPU 64 · memory 512Gi · pods 50` (each per member
 * cluster), only the fields that are set.
 *
 * @public
 */
export function teamQuotaText(quota: TeamQuota): string {
  return Object.entries(teamQuotaHard(quota))
    .map(([key, limit]) => `${QUOTA_TITLES[key]} ${limit}`)
    .join(' · ');
}

/**
 * One line of quota use for people, e.g. `GPU 3/8 · CPU 12/64 · memory 96Gi/512Gi · pods 4/50`.
 *
 * @public
 */
export function quotaUseText(
  use: Pick<ClusterQuotaUse, 'hard' | 'used'>,
): string {
  const titles = QUOTA_TITLES;
  return Object.entries(use.hard)
    .map(([key, limit]) => {
      const used = parseQuantity(use.used[key] ?? '0') ?? 0;
      const hard = parseQuantity(limit) ?? 0;
      return `${titles[key] ?? key} ${formatAmount(key, used)}/${formatAmount(
        key,
        hard,
      )}`;
    })
    .join(' · ');
}

/**
 * The priority class a deployment in a team namespace runs at when it names none: the
 * highest the namespace allows.
 *
 * @public
 */
export function defaultPriorityClass(
  allowed: readonly string[],
): PriorityClassPreset {
  return (
    PRIORITY_CLASS_PRESETS.find(p => allowed.includes(p.name))?.name ??
    PRIORITY_CLASS_PRESETS[PRIORITY_CLASS_PRESETS.length - 1].name
  );
}
