import {
  ClusterTarget,
  DIVIDED_SCHEDULING,
  DUPLICATED_SCHEDULING,
  FallbackGroup,
  fallbackAffinities,
  isNamespacedPolicyKind,
  KarmadaPolicyObject,
  parseYaml,
  POLICY_API_VERSION,
  PolicyFieldError,
  PolicyKind,
  policyKinds,
  policyObjectSchema,
  targetAffinity,
  targetOfAffinity,
  validatePolicy,
  writablePolicy,
  YamlError,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';

export type { ClusterTarget, FallbackGroup };

/**
 * What the propagation policy form holds. `scheduling: 'kept'` only comes from an edited
 * policy whose replica scheduling the form has no choice for: it stays as it is.
 *
 * @internal
 */
export interface PolicyForm {
  name: string;
  namespace: string;
  resource: { apiVersion: string; kind: string; name: string };
  mode: 'zone' | 'clusters' | 'fallback';
  target: ClusterTarget;
  groups: FallbackGroup[];
  scheduling: 'Duplicated' | 'Divided' | 'kept';
}

/** The form of a new policy. @internal */
export const initialForm: PolicyForm = {
  name: '',
  namespace: 'default',
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: '' },
  mode: 'zone',
  target: { by: 'zone', zone: 'gpu-general', clusters: [] },
  groups: [
    {
      affinityName: 'primary',
      by: 'zone',
      zone: 'gpu-high',
      clusters: [],
    },
  ],
  scheduling: 'Divided',
};

type Obj = Record<string, unknown>;

const SELECTOR_FIELDS = ['apiVersion', 'kind', 'name'];
const AFFINITY_FIELDS = ['clusterAffinity', 'clusterAffinities'];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const has = (o: object, key: string) =>
  Object.prototype.hasOwnProperty.call(o, key);

/** Structural equality of JSON values (key order does not matter). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => jsonEqual(v, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(k => has(b, k) && jsonEqual(a[k], b[k]))
  );
}

/**
 * The PropagationPolicy a form describes (a new one: to edit, see {@link applyForm}); zones
 * select their clusters by `gpu-tier` under the configured label prefix.
 *
 * @internal
 */
export function buildPropagationPolicy(
  form: PolicyForm,
  labelPrefix = '',
): KarmadaPolicyObject {
  const placement: Obj =
    form.mode === 'fallback'
      ? { clusterAffinities: fallbackAffinities(form.groups, labelPrefix) }
      : {
          clusterAffinity: targetAffinity(
            {
              ...form.target,
              by: form.mode === 'zone' ? 'zone' : 'clusters',
            },
            labelPrefix,
          ),
        };
  if (form.scheduling !== 'kept') {
    placement.replicaScheduling = JSON.parse(
      JSON.stringify(
        form.scheduling === 'Duplicated'
          ? DUPLICATED_SCHEDULING
          : DIVIDED_SCHEDULING,
      ),
    );
  }
  const { apiVersion, kind, name } = form.resource;
  return {
    apiVersion: POLICY_API_VERSION,
    kind: 'PropagationPolicy',
    metadata: { name: form.name, namespace: form.namespace },
    spec: {
      resourceSelectors: [{ apiVersion, kind, ...(name ? { name } : {}) }],
      placement,
    },
  };
}

/** The clusters a target matches now, from the zone groups. @internal */
export function matchingClusters(
  target: ClusterTarget,
  zoneGroups: ZoneGroup[],
): string[] {
  if (target.by === 'clusters') return target.clusters;
  return (
    zoneGroups.find(g => g.zone === target.zone)?.clusters.map(c => c.name) ??
    []
  );
}

/** Errors the form adds to Karmada's rules (an empty name list is allowed by Karmada). @internal */
export function formErrors(form: PolicyForm): PolicyFieldError[] {
  const errors: PolicyFieldError[] = [];
  if (form.mode === 'clusters' && form.target.clusters.length === 0) {
    errors.push({
      field: 'spec.placement.clusterAffinity.clusterNames',
      message: 'pick at least one cluster',
    });
  }
  if (form.mode === 'fallback') {
    if (form.groups.length === 0) {
      errors.push({
        field: 'spec.placement.clusterAffinities',
        message: 'add at least one group',
      });
    }
    form.groups.forEach((g, i) => {
      if (g.by === 'clusters' && g.clusters.length === 0) {
        errors.push({
          field: `spec.placement.clusterAffinities[${i}].clusterNames`,
          message: 'pick at least one cluster',
        });
      }
    });
  }
  return errors;
}

function stringField(o: Obj, key: string): string | undefined {
  if (!has(o, key)) return '';
  return typeof o[key] === 'string' ? (o[key] as string) : undefined;
}

function schedulingOf(value: unknown): PolicyForm['scheduling'] {
  if (jsonEqual(value, DUPLICATED_SCHEDULING)) return 'Duplicated';
  if (jsonEqual(value, DIVIDED_SCHEDULING)) return 'Divided';
  return 'kept';
}

/**
 * The form state of an existing PropagationPolicy or ClusterPropagationPolicy, or undefined
 * when the form cannot show its placement: it must be one `clusterAffinity`, or
 * `clusterAffinities` groups, each naming clusters or a zone's `gpu-tier` and nothing else.
 * Everything else the policy holds is left to {@link applyForm}, which keeps it.
 *
 * @internal
 */
export function policyToForm(
  policy: KarmadaPolicyObject,
  labelPrefix = '',
): PolicyForm | undefined {
  const targetOf = (term: Obj) =>
    targetOfAffinity(term, labelPrefix, initialForm.target.zone);
  if (
    policy.kind !== 'PropagationPolicy' &&
    policy.kind !== 'ClusterPropagationPolicy'
  ) {
    return undefined;
  }
  const placement = isObject(policy.spec) ? policy.spec.placement : undefined;
  if (!isObject(placement)) return undefined;

  const selectors = policy.spec.resourceSelectors;
  const first =
    Array.isArray(selectors) && isObject(selectors[0]) ? selectors[0] : {};
  const [apiVersion, kind, name] = SELECTOR_FIELDS.map(f =>
    stringField(first, f),
  );
  if (apiVersion === undefined || kind === undefined || name === undefined) {
    return undefined;
  }

  const single = placement.clusterAffinity;
  const groups = placement.clusterAffinities;
  let mode: PolicyForm['mode'];
  let target = initialForm.target;
  let fallback = initialForm.groups;
  if (single !== undefined && groups === undefined) {
    const parsed = isObject(single) ? targetOf(single) : undefined;
    if (!parsed) return undefined;
    mode = parsed.by;
    target = parsed;
  } else if (groups !== undefined && single === undefined) {
    if (!Array.isArray(groups)) return undefined;
    const parsed = groups.map(g => {
      if (!isObject(g) || typeof g.affinityName !== 'string') return undefined;
      const { affinityName, ...term } = g;
      const t = targetOf(term);
      return t && { affinityName, ...t };
    });
    if (parsed.some(g => !g)) return undefined;
    mode = 'fallback';
    fallback = parsed as FallbackGroup[];
  } else {
    return undefined;
  }

  return {
    name: policy.metadata.name,
    namespace: policy.metadata.namespace ?? '',
    resource: { apiVersion, kind, name },
    mode,
    target,
    groups: fallback,
    scheduling: schedulingOf(placement.replicaScheduling),
  };
}

/**
 * `target` with `keys` taken from `fields` (or removed when `fields` lacks them); other keys
 * and the key order stay. Keys new to `target` take the place of the first one removed, so
 * `clusterAffinities` replacing `clusterAffinity` stays where it was.
 */
function withFields(target: Obj, fields: Obj, keys: string[]): Obj {
  const added = keys.filter(k => has(fields, k) && !has(target, k));
  const out: Obj = {};
  let placed = false;
  const place = () => {
    if (placed) return;
    placed = true;
    for (const k of added) out[k] = fields[k];
  };
  for (const [k, v] of Object.entries(target)) {
    if (!keys.includes(k)) out[k] = v;
    else if (has(fields, k)) out[k] = fields[k];
    else place();
  }
  place();
  return out;
}

/**
 * An edited policy: `original` with the form's fields merged in — the first resource
 * selector's apiVersion, kind and name, the cluster affinity, and the replica scheduling
 * unless it is `kept`. Everything the form does not show (metadata, other selectors and
 * selector fields, other placement and spec fields, status) is kept untouched; name and
 * namespace cannot change.
 *
 * @internal
 */
export function applyForm(
  original: KarmadaPolicyObject,
  form: PolicyForm,
  labelPrefix = '',
): KarmadaPolicyObject {
  const built = buildPropagationPolicy(form, labelPrefix).spec as {
    resourceSelectors: Obj[];
    placement: Obj;
  };
  const spec: Obj = isObject(original.spec) ? original.spec : {};
  const selectors = Array.isArray(spec.resourceSelectors)
    ? [...spec.resourceSelectors]
    : [];
  selectors[0] = withFields(
    isObject(selectors[0]) ? selectors[0] : {},
    built.resourceSelectors[0],
    SELECTOR_FIELDS,
  );
  const placement = withFields(
    isObject(spec.placement) ? spec.placement : {},
    built.placement,
    form.scheduling === 'kept'
      ? AFFINITY_FIELDS
      : [...AFFINITY_FIELDS, 'replicaScheduling'],
  );
  return {
    ...original,
    spec: withFields(spec, { resourceSelectors: selectors, placement }, [
      'resourceSelectors',
      'placement',
    ]),
  };
}

/**
 * What the form does not show of a policy and an edit keeps as it is (paths such as
 * `spec.failover` or `spec.resourceSelectors[1]`).
 *
 * @internal
 */
export function fieldsOutsideForm(policy: KarmadaPolicyObject): string[] {
  const out: string[] = [];
  for (const key of ['labels', 'annotations']) {
    const value = policy.metadata[key];
    if (isObject(value) && Object.keys(value).length > 0) {
      out.push(`metadata.${key}`);
    }
  }
  for (const [key, value] of Object.entries(policy.spec ?? {})) {
    if (key === 'resourceSelectors' && Array.isArray(value)) {
      if (isObject(value[0])) {
        for (const k of Object.keys(value[0])) {
          if (!SELECTOR_FIELDS.includes(k)) {
            out.push(`spec.resourceSelectors[0].${k}`);
          }
        }
      }
      value.slice(1).forEach((_v, i) => {
        out.push(`spec.resourceSelectors[${i + 1}]`);
      });
    } else if (key === 'placement' && isObject(value)) {
      for (const k of Object.keys(value)) {
        if (![...AFFINITY_FIELDS, 'replicaScheduling'].includes(k)) {
          out.push(`spec.placement.${k}`);
        }
      }
    } else {
      out.push(`spec.${key}`);
    }
  }
  return out;
}

/** One line on a replica scheduling the form has no choice for. @internal */
export function describeScheduling(policy: KarmadaPolicyObject): string {
  const placement = isObject(policy.spec?.placement)
    ? policy.spec.placement
    : {};
  const rs = placement.replicaScheduling;
  if (!isObject(rs)) return 'not set';
  const parts = [String(rs.replicaSchedulingType ?? 'Duplicated')];
  if (typeof rs.replicaDivisionPreference === 'string') {
    parts.push(rs.replicaDivisionPreference);
  }
  const weights = isObject(rs.weightPreference) ? rs.weightPreference : {};
  if (Array.isArray(weights.staticWeightList)) parts.push('static weights');
  if (typeof weights.dynamicWeight === 'string') {
    parts.push(`by ${weights.dynamicWeight}`);
  }
  return parts.join(', ');
}

/**
 * What a policy write can change, as the backend keeps it: apiVersion, kind, name,
 * namespace, labels, annotations and spec (not status nor server-managed metadata).
 *
 * @internal
 */
export const editableView = writablePolicy;

/** What a YAML editor makes of its text. @internal */
export interface YamlEdit {
  /** The policy, when the text is YAML (an edit carries the original's resourceVersion). */
  policy?: KarmadaPolicyObject;
  /** Why the text is not the YAML of one object (with its line). */
  syntaxError?: string;
  /** The rules the policy breaks (Karmada's, and what the editor fixes: kind, name…). */
  errors: PolicyFieldError[];
}

/**
 * Reads a YAML editor's text: its syntax error (naming the line), or the policy `identify`
 * makes of the map with the errors of what the editor fixes (kind, name…). Only without
 * those come Karmada's rules (for an update of `original` when given), and only without
 * those the envelope the backend checks: a later check would repeat an earlier one's cause.
 */
function readPolicyYaml(
  text: string,
  identify: (value: Obj) => { policy: Obj; fixed: PolicyFieldError[] },
  original?: KarmadaPolicyObject,
): YamlEdit {
  let value: Obj;
  try {
    value = parseYaml(text);
  } catch (e) {
    if (e instanceof YamlError) return { syntaxError: e.message, errors: [] };
    throw e;
  }
  const { policy, fixed } = identify(value);
  const errors = [...fixed];
  if (errors.length === 0) errors.push(...validatePolicy(policy, original));
  if (errors.length === 0) {
    const parsed = policyObjectSchema.safeParse(policy);
    if (!parsed.success) {
      errors.push(
        ...parsed.error.issues.map(i => ({
          field: i.path.join('.'),
          message: i.message,
        })),
      );
    }
  }
  return { policy: policy as KarmadaPolicyObject, errors };
}

/**
 * Reads the YAML editor's text as an edit of `original`: syntax errors, Karmada's rules for
 * an update, and the identity (apiVersion, kind, name, namespace) an edit cannot change.
 *
 * @internal
 */
export function policyFromYaml(
  text: string,
  original: KarmadaPolicyObject,
): YamlEdit {
  return readPolicyYaml(
    text,
    value => {
      const metadata = isObject(value.metadata) ? value.metadata : {};
      const identity: Array<[string, unknown, unknown]> = [
        ['apiVersion', value.apiVersion, original.apiVersion],
        ['kind', value.kind, original.kind],
        ['metadata.name', metadata.name, original.metadata.name],
        [
          'metadata.namespace',
          metadata.namespace ?? '',
          original.metadata.namespace ?? '',
        ],
      ];
      const version = original.metadata.resourceVersion;
      return {
        policy: {
          ...value,
          metadata: {
            ...metadata,
            ...(version ? { resourceVersion: version } : {}),
          },
        },
        fixed: identity
          .filter(([, now, was]) => now !== was)
          .map(([field, , was]) => ({
            field,
            message: `cannot change in an edit (it is ${JSON.stringify(was)})`,
          })),
      };
    },
    original,
  );
}

/**
 * Reads the text of a new policy of the chosen `kind` (in `namespace`, when the kind is
 * namespaced): syntax errors, an apiVersion or kind that is not the chosen one, a namespace
 * other than the chosen one, and Karmada's rules for a create. The policy gets the chosen
 * namespace when the text leaves it out.
 *
 * @internal
 */
export function newPolicyFromYaml(
  text: string,
  kind: PolicyKind,
  namespace: string,
): YamlEdit {
  return readPolicyYaml(text, value => {
    const fixed: PolicyFieldError[] = [];
    const { apiVersion } = policyKinds[kind];
    if (value.kind !== kind) {
      fixed.push({
        field: 'kind',
        message: `must be ${kind}, the kind chosen (got ${JSON.stringify(
          value.kind,
        )})`,
      });
    }
    if (value.apiVersion !== apiVersion) {
      fixed.push({
        field: 'apiVersion',
        message: `must be ${apiVersion} for a ${kind} (got ${JSON.stringify(
          value.apiVersion,
        )})`,
      });
    }
    if (!isNamespacedPolicyKind(kind) || !isObject(value.metadata)) {
      return { policy: value, fixed };
    }
    const stated = value.metadata.namespace;
    if (stated !== undefined && stated !== namespace) {
      fixed.push({
        field: 'metadata.namespace',
        message: `must be the namespace chosen, ${JSON.stringify(
          namespace,
        )} (or left out)`,
      });
    }
    return {
      policy: { ...value, metadata: { ...value.metadata, namespace } },
      fixed,
    };
  });
}
