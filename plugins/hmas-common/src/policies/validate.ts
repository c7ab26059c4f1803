import { validateWriteMetadata } from '../kubernetes/metadata';
import {
  clusterNameError,
  dns1123LabelError,
  dns1123SubdomainError,
  MAX_LABEL_LENGTH,
} from '../kubernetes/names';
import { validateStructural } from '../kubernetes/structural';
import { policySpecSchemas } from './generated/policySpecSchemas';
import { isNamespacedPolicyKind, policyKinds, PolicyKind } from './kinds';

/**
 * One rule a policy breaks: the field (Karmada's path syntax, e.g.
 * `spec.placement.clusterAffinities[1].affinityName`) and why.
 *
 * @public
 */
export interface PolicyFieldError {
  field: string;
  message: string;
}

const FIELD_SELECTOR_KEYS = ['provider', 'region', 'zone'];
const PURGE_MODES = ['Directly', 'Gracefully', 'Never'];
const REPLICA_SCHEDULING_TYPES = ['Duplicated', 'Divided'];
const PLAINTEXT_OPERATORS = ['add', 'remove', 'replace'];

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Errors {
  readonly list: PolicyFieldError[] = [];
  add(field: string, message: string) {
    this.list.push({ field, message });
  }
  /** Reports a present value that is not an object; returns the object or undefined. */
  object(value: unknown, field: string): Obj | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.add(field, 'must be an object');
      return undefined;
    }
    return value;
  }
  /** Reports a present value that is not an array; returns the array (empty if absent). */
  array(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(field, 'must be a list');
      return [];
    }
    return value;
  }
  stringList(value: unknown, field: string): string[] {
    return this.array(value, field).filter((v, i): v is string => {
      if (typeof v === 'string') return true;
      this.add(`${field}[${i}]`, 'must be a string');
      return false;
    });
  }
}

function validateLabelSelector(errors: Errors, value: unknown, field: string) {
  const selector = errors.object(value, field);
  if (!selector) return;
  const labels = errors.object(selector.matchLabels, `${field}.matchLabels`);
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (typeof v !== 'string') {
      errors.add(`${field}.matchLabels.${k}`, 'must be a string');
    }
  }
  eachExpression(errors, selector, field, (expr, path) => {
    if (typeof expr.key !== 'string' || expr.key === '') {
      errors.add(`${path}.key`, 'is required');
    }
    const values = errors.stringList(expr.values, `${path}.values`);
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) {
        errors.add(`${path}.values`, `is required with ${expr.operator}`);
      }
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) {
        errors.add(`${path}.values`, `must be empty with ${expr.operator}`);
      }
    } else {
      errors.add(
        `${path}.operator`,
        `must be one of In, NotIn, Exists, DoesNotExist (got ${JSON.stringify(
          expr.operator,
        )})`,
      );
    }
  });
}

/** Runs `check` on each `matchExpressions` item of a selector that is an object. */
function eachExpression(
  errors: Errors,
  selector: Obj,
  field: string,
  check: (expr: Obj, path: string) => void,
) {
  errors
    .array(selector.matchExpressions, `${field}.matchExpressions`)
    .forEach((e, i) => {
      const path = `${field}.matchExpressions[${i}]`;
      const expr = errors.object(e, path);
      if (expr) check(expr, path);
    });
}

/** Karmada's field selector: keys provider, region, zone; operators In, NotIn. */
function validateFieldSelector(errors: Errors, value: unknown, field: string) {
  const selector = errors.object(value, field);
  if (!selector) return;
  eachExpression(errors, selector, field, (expr, path) => {
    if (!FIELD_SELECTOR_KEYS.includes(expr.key as string)) {
      errors.add(
        `${path}.key`,
        `must be one of provider, region, zone (got ${JSON.stringify(
          expr.key,
        )})`,
      );
    }
    if (expr.operator !== 'In' && expr.operator !== 'NotIn') {
      errors.add(
        `${path}.operator`,
        `must be In or NotIn (got ${JSON.stringify(expr.operator)})`,
      );
    }
    errors.stringList(expr.values, `${path}.values`);
  });
}

function validateClusterAffinity(
  errors: Errors,
  value: unknown,
  field: string,
) {
  const affinity = errors.object(value, field);
  if (!affinity) return;
  for (const list of ['clusterNames', 'exclude'] as const) {
    errors.stringList(affinity[list], `${field}.${list}`).forEach((name, i) => {
      const problem = clusterNameError(name, 'A cluster name');
      if (problem) errors.add(`${field}.${list}[${i}]`, problem);
    });
  }
  validateLabelSelector(
    errors,
    affinity.labelSelector,
    `${field}.labelSelector`,
  );
  validateFieldSelector(
    errors,
    affinity.fieldSelector,
    `${field}.fieldSelector`,
  );
}

function validateTolerations(errors: Errors, value: unknown, field: string) {
  errors.array(value, field).forEach((t, i) => {
    const path = `${field}[${i}]`;
    const toleration = errors.object(t, path);
    if (!toleration) return;
    const operator = toleration.operator ?? 'Equal';
    if (operator !== 'Equal' && operator !== 'Exists') {
      // Lt/Gt exist for node tolerations in newer Kubernetes; Karmada does not accept them.
      errors.add(
        `${path}.operator`,
        `must be Equal or Exists (got ${JSON.stringify(operator)})`,
      );
    }
    if (operator === 'Exists' && toleration.value) {
      errors.add(`${path}.value`, 'must be empty when operator is Exists');
    }
    if (!toleration.key && operator !== 'Exists') {
      errors.add(`${path}.operator`, 'must be Exists when key is empty');
    }
  });
}

function validatePlacement(errors: Errors, value: unknown) {
  const base = 'spec.placement';
  const placement = errors.object(value, base);
  if (!placement) return;
  if (
    placement.clusterAffinity !== undefined &&
    placement.clusterAffinities !== undefined
  ) {
    errors.add(
      `${base}.clusterAffinities`,
      'clusterAffinities can not co-exist with clusterAffinity',
    );
  }
  validateClusterAffinity(
    errors,
    placement.clusterAffinity,
    `${base}.clusterAffinity`,
  );
  const seen = new Set<string>();
  errors
    .array(placement.clusterAffinities, `${base}.clusterAffinities`)
    .forEach((term, i) => {
      const path = `${base}.clusterAffinities[${i}]`;
      if (!isObject(term)) {
        errors.add(path, 'must be an object');
        return;
      }
      const name = term.affinityName;
      if (typeof name !== 'string' || name === '') {
        errors.add(`${path}.affinityName`, 'is required');
      } else if (seen.has(name)) {
        errors.add(
          `${path}.affinityName`,
          `duplicate affinityName ${JSON.stringify(
            name,
          )}: each affinity term must have a unique name`,
        );
      } else {
        seen.add(name);
      }
      validateClusterAffinity(errors, term, path);
    });
  validateTolerations(
    errors,
    placement.clusterTolerations,
    `${base}.clusterTolerations`,
  );
  validateSpreadConstraints(errors, placement.spreadConstraints, base);
  const scheduling = errors.object(
    placement.replicaScheduling,
    `${base}.replicaScheduling`,
  );
  if (scheduling) {
    const type = scheduling.replicaSchedulingType;
    if (type !== undefined && !REPLICA_SCHEDULING_TYPES.includes(type as any)) {
      errors.add(
        `${base}.replicaScheduling.replicaSchedulingType`,
        `must be Duplicated or Divided (got ${JSON.stringify(type)})`,
      );
    }
    const weights = errors.object(
      scheduling.weightPreference,
      `${base}.replicaScheduling.weightPreference`,
    );
    errors
      .array(
        weights?.staticWeightList,
        `${base}.replicaScheduling.weightPreference.staticWeightList`,
      )
      .forEach((w, i) => {
        const path = `${base}.replicaScheduling.weightPreference.staticWeightList[${i}]`;
        const weight = errors.object(w, path);
        if (!weight) return;
        validateClusterAffinity(
          errors,
          weight.targetCluster,
          `${path}.targetCluster`,
        );
        if (
          typeof weight.weight !== 'number' ||
          !Number.isInteger(weight.weight) ||
          weight.weight < 1
        ) {
          errors.add(`${path}.weight`, 'must be an integer of at least 1');
        }
      });
  }
}

/**
 * Karmada's spread-constraint rules, and counts that make sense: minGroups and maxGroups are
 * not negative, maxGroups (when set) is not below minGroups, spreadByField and spreadByLabel
 * exclude each other, and a field spread includes `cluster`.
 */
function validateSpreadConstraints(
  errors: Errors,
  value: unknown,
  base: string,
) {
  const byField = new Set<string>();
  errors.array(value, `${base}.spreadConstraints`).forEach((c, i) => {
    const path = `${base}.spreadConstraints[${i}]`;
    const constraint = errors.object(c, path);
    if (!constraint) return;
    if (constraint.spreadByField && constraint.spreadByLabel) {
      errors.add(
        `${path}.spreadByLabel`,
        'spreadByLabel should not co-exist with spreadByField',
      );
    }
    const count = (key: 'minGroups' | 'maxGroups') => {
      const n = constraint[key];
      if (n === undefined || n === null) return undefined;
      if (typeof n !== 'number' || !Number.isInteger(n)) return undefined;
      if (n < 0) errors.add(`${path}.${key}`, 'must be at least 0');
      return n;
    };
    const min = count('minGroups') ?? 1;
    const max = count('maxGroups');
    if (max !== undefined && max > 0 && max < min) {
      errors.add(
        `${path}.maxGroups`,
        `must not be lower than minGroups (${min})`,
      );
    }
    if (typeof constraint.spreadByField === 'string') {
      byField.add(constraint.spreadByField);
    }
  });
  if (byField.size > 0 && !byField.has('cluster')) {
    errors.add(
      `${base}.spreadConstraints`,
      'one constraint must spread by field cluster when any spreads by field',
    );
  }
}

function validateFailover(errors: Errors, spec: Obj) {
  const failover = errors.object(spec.failover, 'spec.failover');
  const base = 'spec.failover.application';
  const app = errors.object(failover?.application, base);
  if (!app) return;
  if (spec.propagateDeps !== true) {
    errors.add(
      'spec.propagateDeps',
      'must be true when application failover is set',
    );
  }
  const conditions = errors.object(
    app.decisionConditions,
    `${base}.decisionConditions`,
  );
  const toleration = conditions?.tolerationSeconds;
  if (toleration !== undefined) {
    if (typeof toleration !== 'number' || !Number.isInteger(toleration)) {
      errors.add(
        `${base}.decisionConditions.tolerationSeconds`,
        'must be an integer',
      );
    } else if (toleration < 0) {
      errors.add(
        `${base}.decisionConditions.tolerationSeconds`,
        'must be greater than or equal to 0',
      );
    }
  }
  if (
    app.purgeMode !== undefined &&
    !PURGE_MODES.includes(app.purgeMode as any)
  ) {
    errors.add(
      `${base}.purgeMode`,
      `must be Directly, Gracefully or Never (got ${JSON.stringify(
        app.purgeMode,
      )})`,
    );
  }
  // An absent purgeMode defaults to Gracefully, which allows gracePeriodSeconds.
  const purgeMode = app.purgeMode ?? 'Gracefully';
  if (app.gracePeriodSeconds !== undefined) {
    if (purgeMode !== 'Gracefully') {
      errors.add(
        `${base}.gracePeriodSeconds`,
        `only takes effect when purgeMode is Gracefully (purgeMode is ${String(
          purgeMode,
        )})`,
      );
    } else if (
      typeof app.gracePeriodSeconds !== 'number' ||
      !Number.isInteger(app.gracePeriodSeconds) ||
      app.gracePeriodSeconds <= 0
    ) {
      errors.add(
        `${base}.gracePeriodSeconds`,
        'must be an integer greater than 0',
      );
    }
  }
}

function validateResourceSelectors(
  errors: Errors,
  spec: Obj,
  kind: PolicyKind,
  namespace: string | undefined,
) {
  const field = 'spec.resourceSelectors';
  const selectors = errors.array(spec.resourceSelectors, field);
  if (
    policyKinds[kind].type === 'propagation' &&
    selectors.length === 0 &&
    (spec.resourceSelectors === undefined ||
      Array.isArray(spec.resourceSelectors))
  ) {
    errors.add(field, 'at least one resource selector is required');
  }
  selectors.forEach((s, i) => {
    const path = `${field}[${i}]`;
    if (!isObject(s)) {
      errors.add(path, 'must be an object');
      return;
    }
    for (const key of ['apiVersion', 'kind'] as const) {
      if (typeof s[key] !== 'string' || s[key] === '') {
        errors.add(`${path}.${key}`, 'is required');
      }
    }
    for (const key of ['name', 'namespace'] as const) {
      if (s[key] !== undefined && typeof s[key] !== 'string') {
        errors.add(`${path}.${key}`, 'must be a string');
      }
    }
    if (
      isNamespacedPolicyKind(kind) &&
      typeof s.namespace === 'string' &&
      s.namespace !== '' &&
      s.namespace !== namespace
    ) {
      errors.add(
        `${path}.namespace`,
        `must be the policy's namespace ${JSON.stringify(
          namespace ?? '',
        )} (a ${kind} only selects resources in its own namespace)`,
      );
    }
    validateLabelSelector(errors, s.labelSelector, `${path}.labelSelector`);
  });
}

function validateOverriders(errors: Errors, value: unknown, base: string) {
  const overriders = errors.object(value, base);
  if (!overriders) return;
  errors.array(overriders.plaintext, `${base}.plaintext`).forEach((p, i) => {
    const path = `${base}.plaintext[${i}]`;
    const overrider = errors.object(p, path);
    if (!overrider) return;
    if (typeof overrider.path !== 'string' || overrider.path === '') {
      errors.add(`${path}.path`, 'is required');
    } else if (!overrider.path.startsWith('/')) {
      errors.add(`${path}.path`, 'must start with /');
    }
    const operator = overrider.operator;
    const hasValue = overrider.value !== undefined && overrider.value !== null;
    if (!PLAINTEXT_OPERATORS.includes(operator as string)) {
      errors.add(
        `${path}.operator`,
        `must be add, remove or replace (got ${JSON.stringify(operator)})`,
      );
    } else if (operator !== 'remove' && !hasValue) {
      errors.add(`${path}.value`, `is required for the ${operator} operator`);
    } else if (operator === 'remove' && hasValue) {
      errors.add(`${path}.value`, 'must be empty for the remove operator');
    }
  });
  errors
    .array(overriders.imageOverrider, `${base}.imageOverrider`)
    .forEach((img, i) => {
      const path = `${base}.imageOverrider[${i}]`;
      const overrider = errors.object(img, path);
      const predicate = errors.object(
        overrider?.predicate,
        `${path}.predicate`,
      );
      if (
        predicate &&
        (typeof predicate.path !== 'string' || !predicate.path.startsWith('/'))
      ) {
        errors.add(`${path}.predicate.path`, 'must start with /');
      }
    });
}

function validateOverridePolicySpec(errors: Errors, spec: Obj) {
  const rules = errors.array(spec.overrideRules, 'spec.overrideRules');
  if (
    spec.overrideRules !== undefined &&
    (spec.targetCluster !== undefined || spec.overriders !== undefined)
  ) {
    errors.add(
      'spec.overrideRules',
      "overrideRules and (overriders or targetCluster) can't co-exist",
    );
  }
  rules.forEach((r, i) => {
    const path = `spec.overrideRules[${i}]`;
    const rule = errors.object(r, path);
    if (!rule) return;
    validateClusterAffinity(
      errors,
      rule.targetCluster,
      `${path}.targetCluster`,
    );
    if (rule.overriders === undefined) {
      errors.add(`${path}.overriders`, 'is required');
    }
    validateOverriders(errors, rule.overriders, `${path}.overriders`);
  });
  validateClusterAffinity(errors, spec.targetCluster, 'spec.targetCluster');
  validateOverriders(errors, spec.overriders, 'spec.overriders');
}

/**
 * Karmada's webhook rules for the four policy kinds, as pure code: the errors a write of `obj`
 * (an update when `oldObj` is given) would get from Karmada, each naming the field. An empty
 * list means the policy is valid.
 *
 * @public
 */
export function validatePolicy(
  obj: unknown,
  oldObj?: unknown,
): PolicyFieldError[] {
  const errors = new Errors();
  if (!isObject(obj)) {
    errors.add('', 'a policy must be an object');
    return errors.list;
  }
  const kind = obj.kind as PolicyKind;
  if (typeof kind !== 'string' || !(kind in policyKinds)) {
    errors.add(
      'kind',
      `must be one of ${Object.keys(policyKinds).join(
        ', ',
      )} (got ${JSON.stringify(obj.kind)})`,
    );
    return errors.list;
  }
  if (obj.apiVersion !== policyKinds[kind].apiVersion) {
    errors.add('apiVersion', `must be ${policyKinds[kind].apiVersion}`);
  }

  for (const key of Object.keys(obj)) {
    if (key === 'status') {
      errors.add('status', 'is written by Karmada, not by callers');
    } else if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) {
      errors.add(key, 'unknown field');
    }
  }

  const metadata = errors.object(obj.metadata, 'metadata') ?? {};
  if (obj.metadata === undefined) errors.add('metadata', 'is required');
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    errors.add('metadata.name', 'is required');
  } else if (dns1123SubdomainError(name)) {
    errors.add('metadata.name', dns1123SubdomainError(name)!);
  } else if (name.length > MAX_LABEL_LENGTH) {
    // Karmada labels the resource templates a policy claims with its name.
    errors.add(
      'metadata.name',
      `must be at most ${MAX_LABEL_LENGTH} characters (Karmada puts it in a label value)`,
    );
  }
  const namespace = metadata.namespace;
  if (isNamespacedPolicyKind(kind)) {
    if (typeof namespace !== 'string' || namespace === '') {
      errors.add('metadata.namespace', `is required for a ${kind}`);
    } else if (dns1123LabelError(namespace)) {
      errors.add('metadata.namespace', dns1123LabelError(namespace)!);
    }
  } else if (namespace !== undefined && namespace !== '') {
    errors.add(
      'metadata.namespace',
      `must be empty: ${kind} is cluster-scoped`,
    );
  }
  for (const e of validateWriteMetadata(obj.metadata)) {
    errors.add(e.field, e.message);
  }

  const spec = errors.object(obj.spec, 'spec');
  if (!spec) {
    if (obj.spec === undefined) errors.add('spec', 'is required');
    return errors.list;
  }
  validateResourceSelectors(
    errors,
    spec,
    kind,
    typeof namespace === 'string' ? namespace : undefined,
  );

  if (policyKinds[kind].type === 'propagation') {
    validatePlacement(errors, spec.placement);
    validateFailover(errors, spec);
    if (
      spec.schedulerName !== undefined &&
      typeof spec.schedulerName !== 'string'
    ) {
      errors.add('spec.schedulerName', 'must be a string');
    }
    if (
      spec.propagateDeps !== undefined &&
      typeof spec.propagateDeps !== 'boolean'
    ) {
      errors.add('spec.propagateDeps', 'must be true or false');
    }
    if (isObject(oldObj)) {
      // schedulerName defaults to default-scheduler, so absent and default are the same.
      const oldSpec = isObject(oldObj.spec) ? oldObj.spec : {};
      const before = oldSpec.schedulerName ?? 'default-scheduler';
      const after = spec.schedulerName ?? 'default-scheduler';
      if (before !== after) {
        errors.add(
          'spec.schedulerName',
          `cannot change after creation (was ${JSON.stringify(before)})`,
        );
      }
    }
  } else {
    validateOverridePolicySpec(errors, spec);
  }
  // The CRD's structural schema: unknown fields, types, enums and bounds. A field the rules
  // above already reported keeps their (more specific) message.
  const reported = new Set(errors.list.map(e => e.field));
  for (const e of validateStructural(spec, policySpecSchemas[kind], 'spec')) {
    if (!reported.has(e.field)) errors.add(e.field, e.message);
  }
  return errors.list;
}
