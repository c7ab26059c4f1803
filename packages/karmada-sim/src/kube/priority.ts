/**
 * PriorityClasses (`scheduling.k8s.io/v1`) as kube-apiserver treats them: the built-in
 * system classes, the type's defaulting and validation, and the `Priority` admission
 * plugin that resolves a pod's `priorityClassName` to `spec.priority`.
 */
import type { FieldCause, KubeObject } from '../types';

/** The highest value a class whose name does not start with `system-` may have. @public */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** The prefix reserved for the built-in classes. @public */
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';

/** The values of a PriorityClass's `preemptionPolicy`. @public */
export const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'] as const;

/** A PriorityClass object, as stored. */
function priorityClass(
  name: string,
  value: number,
  description: string,
): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    description,
    preemptionPolicy: 'PreemptLowerPriority',
  };
}

/**
 * The classes kube-apiserver creates in every cluster (the control plane and each member):
 * `system-cluster-critical` (2000000000) and `system-node-critical` (2000001000).
 * @public
 */
export const SYSTEM_PRIORITY_CLASSES: readonly KubeObject[] = [
  priorityClass(
    'system-node-critical',
    2_000_001_000,
    'Used for system critical pods that must not be moved from their current node.',
  ),
  priorityClass(
    'system-cluster-critical',
    2_000_000_000,
    'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  ),
];

/**
 * The classes the platform team installed on every member cluster (not on the Karmada
 * control plane): `inference-critical` (1000000), `training` (100000) and `experiment`
 * (10000). They are not managed by Karmada, so a ClusterPropagationPolicy that propagates
 * classes of the same names needs `conflictResolution: Overwrite`.
 * @public
 */
export const PLATFORM_PRIORITY_CLASSES: readonly KubeObject[] = [
  priorityClass(
    'inference-critical',
    1_000_000,
    'Model servers that answer users (installed by the platform team)',
  ),
  priorityClass(
    'training',
    100_000,
    'Training and fine-tuning jobs (installed by the platform team)',
  ),
  priorityClass(
    'experiment',
    10_000,
    'Experiments, the first to be preempted (installed by the platform team)',
  ),
];

/** The API server's defaulting of a PriorityClass: `preemptionPolicy: PreemptLowerPriority`. @public */
export function defaultPriorityClass(pc: KubeObject): KubeObject {
  if (pc.preemptionPolicy === undefined || pc.preemptionPolicy === null)
    pc.preemptionPolicy = 'PreemptLowerPriority';
  return pc;
}

/** kube's `IsKnownSystemPriorityClass`: undefined when known, else why not. */
function unknownSystemClass(pc: KubeObject): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find(
    s => s.metadata.name === pc.metadata.name,
  );
  if (!known) return `${pc.metadata.name} is not a known system priority class`;
  if (known.value !== pc.value)
    return `value of ${known.metadata.name} PriorityClass must be ${known.value}`;
  if (Boolean(pc.globalDefault))
    return `globalDefault of ${known.metadata.name} PriorityClass must be false`;
  return undefined;
}

/**
 * kube's `ValidatePriorityClass` and, with `old`, `ValidatePriorityClassUpdate`: names
 * with the `system-` prefix are reserved for the built-in classes, a user class's value is
 * at most 1000000000, `preemptionPolicy` is `Never` or `PreemptLowerPriority`, and `value`
 * and `preemptionPolicy` are immutable.
 * @public
 */
export function validatePriorityClass(
  pc: KubeObject,
  old?: KubeObject,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const value = pc.value;
  if (
    value !== undefined &&
    (typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < -(2 ** 31) ||
      value >= 2 ** 31)
  ) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(
        value,
      )}: must be a 32-bit integer`,
      field: 'value',
    });
  }
  const name = pc.metadata.name ?? '';
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const why = unknownSystemClass(pc);
    if (why) {
      causes.push({
        reason: 'FieldValueForbidden',
        message: `Forbidden: priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}`,
        field: 'metadata.name',
      });
    }
  } else if (Number(value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    causes.push({
      reason: 'FieldValueForbidden',
      message: `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      field: 'value',
    });
  }
  const policy = pc.preemptionPolicy;
  if (
    policy !== undefined &&
    !(PREEMPTION_POLICIES as readonly unknown[]).includes(policy)
  ) {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(
        policy,
      )}: supported values: ${PREEMPTION_POLICIES.map(p => `"${p}"`).join(
        ', ',
      )}`,
      field: 'preemptionPolicy',
    });
  }
  if (old) {
    if ((old.value ?? 0) !== (value ?? 0)) {
      causes.push({
        reason: 'FieldValueForbidden',
        message: 'Forbidden: may not be changed in an update.',
        field: 'value',
      });
    }
    if (old.preemptionPolicy !== policy) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(policy)}: field is immutable`,
        field: 'preemptionPolicy',
      });
    }
  }
  return causes;
}

/**
 * The `Priority` admission plugin's check of a PriorityClass write: only one class may be
 * `globalDefault`. Returns the reason of the 403, or undefined.
 * @public
 */
export function globalDefaultConflict(
  pc: KubeObject,
  existing: readonly KubeObject[],
): string | undefined {
  if (!pc.globalDefault) return undefined;
  const other = existing.find(
    c => c.globalDefault && c.metadata.name !== pc.metadata.name,
  );
  return other
    ? `PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`
    : undefined;
}

/** What the `Priority` admission plugin decides for a new pod. @public */
export type PodPriorityDecision =
  | {
      ok: true;
      priority: number;
      /** The class the pod ends up with (the global default's, when it named none). */
      priorityClassName?: string;
      preemptionPolicy?: string;
    }
  | { ok: false; reason: string };

/**
 * The `Priority` admission plugin for a pod create: `spec.priorityClassName` must name an
 * existing class, whose value becomes `spec.priority`; a pod naming none gets the
 * `globalDefault` class (its name and value) or priority 0. A `spec.priority` that
 * disagrees with the class is refused. The lowest-valued default wins if there are several.
 * @public
 */
export function resolvePodPriority(
  podSpec: any,
  classes: readonly KubeObject[],
): PodPriorityDecision {
  const name: string | undefined = podSpec?.priorityClassName || undefined;
  let decision: Extract<PodPriorityDecision, { ok: true }>;
  if (!name) {
    const defaults = classes
      .filter(c => c.globalDefault)
      .sort((a, b) => Number(a.value ?? 0) - Number(b.value ?? 0));
    const d = defaults[0];
    decision = d
      ? {
          ok: true,
          priority: Number(d.value ?? 0),
          priorityClassName: d.metadata.name,
          preemptionPolicy: d.preemptionPolicy as string | undefined,
        }
      : { ok: true, priority: 0 };
  } else {
    const pc = classes.find(c => c.metadata.name === name);
    if (!pc)
      return {
        ok: false,
        reason: `no PriorityClass with name ${name} was found`,
      };
    decision = {
      ok: true,
      priority: Number(pc.value ?? 0),
      priorityClassName: name,
      preemptionPolicy: pc.preemptionPolicy as string | undefined,
    };
  }
  const given = podSpec?.priority;
  if (given !== undefined && given !== null && given !== decision.priority) {
    return {
      ok: false,
      reason: `the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${decision.priority} from the given PriorityClass name`,
    };
  }
  return decision;
}
