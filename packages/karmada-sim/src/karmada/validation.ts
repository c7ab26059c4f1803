import { FieldCause, KubeObject } from '../types';
import { CrdSchemaSet, vendoredCrdSchemas } from './crds';
// The one copy of apimachinery's name and label rules, for policies as for built-ins.
import {
  isQualifiedName,
  isValidLabelValue,
  validateLabelSelector,
} from '../kube/objectMeta';

const POLICY_GROUP = 'policy.karmada.io';
const CLUSTER_GROUP = 'cluster.karmada.io';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Karmada prefixes member namespaces with `karmada-es-`, so cluster names stay short. @public */
export const CLUSTER_NAME_MAX_LENGTH = 48;

function invalid(field: string, value: unknown, detail: string): FieldCause {
  const shown =
    typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${shown}: ${detail}`,
    field,
  };
}

function required(field: string, detail?: string): FieldCause {
  return {
    reason: 'FieldValueRequired',
    message: detail ? `Required value: ${detail}` : 'Required value',
    field,
  };
}

function notSupported(
  field: string,
  value: unknown,
  supported: string[],
): FieldCause {
  return {
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(
      value,
    )}: supported values: ${supported.map(s => JSON.stringify(s)).join(', ')}`,
    field,
  };
}

function forbidden(field: string, detail: string): FieldCause {
  return {
    reason: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
    field,
  };
}

function validateLabels(
  labels: unknown,
  field: string,
  checkValues = true,
): FieldCause[] {
  if (!labels || typeof labels !== 'object') return [];
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(
    labels as Record<string, unknown>,
  )) {
    for (const err of isQualifiedName(key))
      causes.push(invalid(field, key, err));
    if (checkValues && typeof value === 'string') {
      for (const err of isValidLabelValue(value))
        causes.push(invalid(field, value, err));
    }
  }
  return causes;
}

/** Karmada's `ValidatePolicyFieldSelector`: keys provider/region/zone, operators In/NotIn. */
function validateFieldSelector(selector: any, field: string): FieldCause[] {
  if (!selector || typeof selector !== 'object') return [];
  const causes: FieldCause[] = [];
  (selector.matchExpressions ?? []).forEach((expr: any, i: number) => {
    const path = `${field}.matchExpressions[${i}]`;
    if (!['provider', 'region', 'zone'].includes(expr?.key)) {
      causes.push(
        notSupported(`${path}.key`, expr?.key, ['provider', 'region', 'zone']),
      );
    }
    if (!['In', 'NotIn'].includes(expr?.operator)) {
      causes.push(
        notSupported(`${path}.operator`, expr?.operator, ['In', 'NotIn']),
      );
    }
  });
  return causes;
}

function validateClusterAffinity(affinity: any, field: string): FieldCause[] {
  if (!affinity || typeof affinity !== 'object') return [];
  return [
    ...validateLabelSelector(affinity.labelSelector, `${field}.labelSelector`),
    ...validateFieldSelector(affinity.fieldSelector, `${field}.fieldSelector`),
  ];
}

/** core/v1 `ValidateTolerations`, which Karmada applies to `clusterTolerations`. */
function validateTolerations(tolerations: any, field: string): FieldCause[] {
  if (!Array.isArray(tolerations)) return [];
  const causes: FieldCause[] = [];
  tolerations.forEach((t: any, i: number) => {
    const path = `${field}[${i}]`;
    const key: string = t?.key ?? '';
    const operator: string = t?.operator ?? '';
    const value: string = t?.value ?? '';
    if (key) {
      for (const err of isQualifiedName(key))
        causes.push(invalid(`${path}.key`, key, err));
    } else if (operator !== 'Exists') {
      causes.push(
        invalid(
          `${path}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t?.tolerationSeconds !== undefined && t?.effect !== 'NoExecute') {
      causes.push(
        invalid(
          `${path}.effect`,
          t?.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    switch (operator) {
      case '':
      case 'Equal':
        for (const err of isValidLabelValue(value))
          causes.push(invalid(`${path}.operator`, value, err));
        break;
      case 'Exists':
        if (value)
          causes.push(
            invalid(
              `${path}.operator`,
              t,
              "value must be empty when `operator` is 'Exists'",
            ),
          );
        break;
      default:
        // Lt/Gt exist for node tolerations in newer Kubernetes; Karmada does not accept them.
        causes.push(
          notSupported(`${path}.operator`, operator, ['Equal', 'Exists']),
        );
    }
    if (
      t?.effect &&
      !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)
    ) {
      causes.push(
        notSupported(`${path}.effect`, t.effect, [
          'NoSchedule',
          'PreferNoSchedule',
          'NoExecute',
        ]),
      );
    }
  });
  return causes;
}

function validateResourceSelectors(
  obj: KubeObject,
  namespaced: boolean,
  requireNonEmpty: boolean,
): FieldCause[] {
  const selectors = obj.spec?.resourceSelectors;
  const causes: FieldCause[] = [];
  if (
    requireNonEmpty &&
    (!Array.isArray(selectors) || selectors.length === 0)
  ) {
    // The CRD schema reports this too; keep one cause per field.
    return causes;
  }
  (Array.isArray(selectors) ? selectors : []).forEach((rs: any, i: number) => {
    const path = `spec.resourceSelectors[${i}]`;
    if (rs?.apiVersion === '') causes.push(required(`${path}.apiVersion`));
    if (rs?.kind === '') causes.push(required(`${path}.kind`));
    if (
      namespaced &&
      rs?.namespace &&
      rs.namespace !== obj.metadata.namespace
    ) {
      causes.push(
        invalid(
          `${path}.namespace`,
          rs.namespace,
          `the namespace of a resource selector must be the policy's namespace ${JSON.stringify(
            obj.metadata.namespace ?? '',
          )}`,
        ),
      );
    }
    causes.push(
      ...validateLabelSelector(rs?.labelSelector, `${path}.labelSelector`),
    );
  });
  return causes;
}

function validatePlacement(placement: any): FieldCause[] {
  if (!placement || typeof placement !== 'object') return [];
  const causes: FieldCause[] = [];
  const base = 'spec.placement';
  if (placement.clusterAffinity && placement.clusterAffinities) {
    causes.push(
      invalid(
        `${base}.clusterAffinities`,
        '[...]',
        'clusterAffinities can not co-exist with clusterAffinity',
      ),
    );
  }
  causes.push(
    ...validateClusterAffinity(
      placement.clusterAffinity,
      `${base}.clusterAffinity`,
    ),
  );
  const seen = new Set<string>();
  (Array.isArray(placement.clusterAffinities)
    ? placement.clusterAffinities
    : []
  ).forEach((term: any, i: number) => {
    const path = `${base}.clusterAffinities[${i}]`;
    const name = term?.affinityName;
    if (typeof name === 'string' && name.length > 0) {
      for (const err of isQualifiedName(name))
        causes.push(invalid(`${path}.affinityName`, name, err));
      if (seen.has(name)) {
        causes.push({
          reason: 'FieldValueDuplicate',
          message: `Duplicate value: ${JSON.stringify(
            name,
          )}: each affinity term in a policy must have a unique name`,
          field: `${path}.affinityName`,
        });
      }
      seen.add(name);
    }
    causes.push(...validateClusterAffinity(term, path));
  });
  causes.push(
    ...validateTolerations(
      placement.clusterTolerations,
      `${base}.clusterTolerations`,
    ),
  );

  const constraints = Array.isArray(placement.spreadConstraints)
    ? placement.spreadConstraints
    : [];
  const byField = new Set<string>();
  constraints.forEach((c: any, i: number) => {
    const path = `${base}.spreadConstraints[${i}]`;
    if (c?.spreadByField && c?.spreadByLabel) {
      causes.push(
        invalid(
          `${path}.spreadByLabel`,
          c.spreadByLabel,
          'spreadByLabel should not co-exist with spreadByField',
        ),
      );
    }
    if (c?.maxGroups > 0 && c.maxGroups < (c.minGroups ?? 0)) {
      causes.push(
        invalid(
          `${path}.maxGroups`,
          c.maxGroups,
          'maxGroups lower than minGroups is not allowed',
        ),
      );
    }
    if (c?.spreadByField) byField.add(c.spreadByField);
  });
  if (byField.size > 0 && !byField.has('cluster')) {
    causes.push(
      invalid(
        `${base}.spreadConstraints`,
        [...byField],
        'the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled',
      ),
    );
  }

  const weights =
    placement.replicaScheduling?.weightPreference?.staticWeightList;
  (Array.isArray(weights) ? weights : []).forEach((w: any, i: number) => {
    causes.push(
      ...validateClusterAffinity(
        w?.targetCluster,
        `${base}.replicaScheduling.weightPreference.staticWeightList[${i}].targetCluster`,
      ),
    );
  });
  return causes;
}

function validateFailover(spec: any): FieldCause[] {
  const app = spec?.failover?.application;
  if (!app || typeof app !== 'object') return [];
  const causes: FieldCause[] = [];
  const base = 'spec.failover.application';
  if (spec.propagateDeps !== true) {
    causes.push(
      invalid(
        'spec.propagateDeps',
        spec.propagateDeps ?? false,
        'application failover is set, propagateDeps must be true',
      ),
    );
  }
  const toleration = app.decisionConditions?.tolerationSeconds;
  if (typeof toleration === 'number' && toleration < 0) {
    causes.push(
      invalid(
        `${base}.decisionConditions.tolerationSeconds`,
        toleration,
        'must be greater than or equal to 0',
      ),
    );
  }
  // purgeMode defaults to Gracefully, so an absent purgeMode allows gracePeriodSeconds.
  const purgeMode = app.purgeMode ?? 'Gracefully';
  if (app.gracePeriodSeconds !== undefined) {
    if (purgeMode !== 'Gracefully') {
      causes.push(
        invalid(
          `${base}.gracePeriodSeconds`,
          app.gracePeriodSeconds,
          'only takes effect when purgeMode is Gracefully',
        ),
      );
    } else if (
      typeof app.gracePeriodSeconds === 'number' &&
      app.gracePeriodSeconds <= 0
    ) {
      causes.push(
        invalid(
          `${base}.gracePeriodSeconds`,
          app.gracePeriodSeconds,
          'must be greater than 0',
        ),
      );
    }
  }
  return causes;
}

function validatePropagationPolicy(
  obj: KubeObject,
  oldObj?: KubeObject,
): FieldCause[] {
  const namespaced = obj.kind === 'PropagationPolicy';
  const causes = [
    ...validateResourceSelectors(obj, namespaced, true),
    ...validatePlacement(obj.spec?.placement),
    ...validateFailover(obj.spec),
  ];
  if (oldObj) {
    // schedulerName defaults to default-scheduler, so absent and default are the same.
    const before = oldObj.spec?.schedulerName ?? 'default-scheduler';
    const after = obj.spec?.schedulerName ?? 'default-scheduler';
    if (before !== after) {
      causes.push(
        invalid(
          'spec.schedulerName',
          after,
          `field is immutable: the schedulerName should not be updated (was ${JSON.stringify(
            before,
          )})`,
        ),
      );
    }
  }
  return causes;
}

function validateOverriders(overriders: any, base: string): FieldCause[] {
  if (!overriders || typeof overriders !== 'object') return [];
  const causes: FieldCause[] = [];
  (overriders.plaintext ?? []).forEach((p: any, i: number) => {
    const path = `${base}.plaintext[${i}]`;
    if (typeof p?.path === 'string' && !p.path.startsWith('/')) {
      causes.push(
        invalid(
          `${path}.path`,
          p.path,
          'path should be start with / character',
        ),
      );
    }
    const hasValue = p?.value !== undefined && p?.value !== null;
    if ((p?.operator === 'add' || p?.operator === 'replace') && !hasValue) {
      causes.push(
        required(
          `${path}.value`,
          `value is required for the ${p.operator} operator`,
        ),
      );
    }
    if (p?.operator === 'remove' && hasValue) {
      causes.push(
        forbidden(
          `${path}.value`,
          'value must be empty for the remove operator',
        ),
      );
    }
  });
  (overriders.imageOverrider ?? []).forEach((img: any, i: number) => {
    const path = `${base}.imageOverrider[${i}]`;
    if (
      img?.predicate &&
      typeof img.predicate.path === 'string' &&
      !img.predicate.path.startsWith('/')
    ) {
      causes.push(
        invalid(
          `${path}.predicate.path`,
          img.predicate.path,
          'path should be start with / character',
        ),
      );
    }
  });
  (overriders.labelsOverrider ?? []).forEach((l: any, i: number) => {
    causes.push(
      ...validateLabels(l?.value, `${base}.labelsOverrider[${i}].value`),
    );
  });
  (overriders.annotationsOverrider ?? []).forEach((a: any, i: number) => {
    causes.push(
      ...validateLabels(
        a?.value,
        `${base}.annotationsOverrider[${i}].value`,
        false,
      ),
    );
  });
  return causes;
}

function validateOverridePolicy(obj: KubeObject): FieldCause[] {
  const spec = obj.spec ?? {};
  const namespaced = obj.kind === 'OverridePolicy';
  const causes = validateResourceSelectors(obj, namespaced, false);
  const legacyOverriders =
    spec.overriders &&
    Object.values(spec.overriders).some(
      (v: any) => Array.isArray(v) && v.length > 0,
    );
  if (
    Array.isArray(spec.overrideRules) &&
    (spec.targetCluster || legacyOverriders)
  ) {
    causes.push(
      invalid(
        'spec.overrideRules',
        '[...]',
        "overrideRules and (overriders or targetCluster) can't co-exist",
      ),
    );
  }
  (Array.isArray(spec.overrideRules) ? spec.overrideRules : []).forEach(
    (rule: any, i: number) => {
      const path = `spec.overrideRules[${i}]`;
      causes.push(
        ...validateOverriders(rule?.overriders, `${path}.overriders`),
      );
      causes.push(
        ...validateClusterAffinity(
          rule?.targetCluster,
          `${path}.targetCluster`,
        ),
      );
    },
  );
  causes.push(...validateOverriders(spec.overriders, 'spec.overriders'));
  causes.push(
    ...validateClusterAffinity(spec.targetCluster, 'spec.targetCluster'),
  );
  return causes;
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      Boolean(url.protocol) && (url.protocol === 'unix:' || Boolean(url.host))
    );
  } catch {
    return false;
  }
}

/** Karmada's aggregated-apiserver `ValidateCluster` (Cluster has no CRD). */
function validateCluster(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = obj.metadata?.name;
  if (!name) {
    causes.push(required('metadata.name', 'name or generateName is required'));
  } else if (name.length > CLUSTER_NAME_MAX_LENGTH) {
    causes.push(
      invalid(
        'metadata.name',
        name,
        `must be no more than ${CLUSTER_NAME_MAX_LENGTH} characters`,
      ),
    );
  } else if (!DNS1123_LABEL.test(name)) {
    causes.push(
      invalid(
        'metadata.name',
        name,
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ),
    );
  }
  if (obj.metadata?.namespace) {
    causes.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  causes.push(...validateLabels(obj.metadata?.labels, 'metadata.labels'));

  const spec = obj.spec;
  if (!spec || typeof spec !== 'object') {
    causes.push(required('spec.syncMode'));
    return causes;
  }
  if (!spec.syncMode) causes.push(required('spec.syncMode'));
  else if (!['Push', 'Pull'].includes(spec.syncMode)) {
    causes.push(notSupported('spec.syncMode', spec.syncMode, ['Push', 'Pull']));
  }
  for (const key of ['apiEndpoint', 'proxyURL'] as const) {
    if (spec[key] !== undefined && spec[key] !== '') {
      if (typeof spec[key] !== 'string' || !isUrl(spec[key])) {
        causes.push(invalid(`spec.${key}`, spec[key], 'url is invalid'));
      }
    }
  }
  for (const key of ['provider', 'region', 'zone'] as const) {
    if (typeof spec[key] === 'string') {
      for (const err of isValidLabelValue(spec[key]))
        causes.push(invalid(`spec.${key}`, spec[key], err));
    }
  }
  if (spec.zones !== undefined) {
    if (!Array.isArray(spec.zones)) {
      causes.push(invalid('spec.zones', spec.zones, 'must be a list of zones'));
    } else {
      spec.zones.forEach((z: unknown, i: number) => {
        if (typeof z !== 'string')
          causes.push(invalid(`spec.zones[${i}]`, z, 'must be a string'));
        else
          for (const err of isValidLabelValue(z))
            causes.push(invalid(`spec.zones[${i}]`, z, err));
      });
    }
  }
  if (spec.zone && Array.isArray(spec.zones) && spec.zones.length > 0) {
    causes.push(
      invalid(
        'spec.zone',
        spec.zone,
        'zone and zones cannot be specified at the same time',
      ),
    );
  }
  for (const key of ['secretRef', 'impersonatorSecretRef'] as const) {
    const ref = spec[key];
    if (
      ref !== undefined &&
      (typeof ref !== 'object' || !ref?.namespace || !ref?.name)
    ) {
      causes.push(required(`spec.${key}`, 'namespace and name are required'));
    }
  }
  if (spec.taints !== undefined) {
    if (!Array.isArray(spec.taints)) {
      causes.push(
        invalid('spec.taints', spec.taints, 'must be a list of taints'),
      );
    } else {
      const seen = new Set<string>();
      spec.taints.forEach((taint: any, i: number) => {
        const path = `spec.taints[${i}]`;
        if (!taint?.key) causes.push(required(`${path}.key`));
        else
          for (const err of isQualifiedName(taint.key))
            causes.push(invalid(`${path}.key`, taint.key, err));
        if (typeof taint?.value === 'string') {
          for (const err of isValidLabelValue(taint.value))
            causes.push(invalid(`${path}.value`, taint.value, err));
        }
        if (!taint?.effect) causes.push(required(`${path}.effect`));
        else if (!['NoSchedule', 'NoExecute'].includes(taint.effect)) {
          causes.push(
            notSupported(`${path}.effect`, taint.effect, [
              'NoSchedule',
              'NoExecute',
            ]),
          );
        }
        const id = `${taint?.key}:${taint?.effect}`;
        if (seen.has(id)) {
          causes.push({
            reason: 'FieldValueDuplicate',
            message: `Duplicate value: ${JSON.stringify(
              id,
            )}: taints must be unique by key and effect pair`,
            field: path,
          });
        }
        seen.add(id);
      });
    }
  }
  return causes;
}

/** The kinds {@link validateKarmadaObject} checks. @public */
export const VALIDATED_KARMADA_KINDS = [
  'PropagationPolicy',
  'ClusterPropagationPolicy',
  'OverridePolicy',
  'ClusterOverridePolicy',
  'ResourceBinding',
  'Work',
  'Cluster',
] as const;

/**
 * Validates a Karmada object the way a real Karmada control plane would on create or
 * update: first structurally against the CRD's `openAPIV3Schema` (Cluster, which Karmada
 * serves from its aggregated API server, against that server's rules), then with the
 * rules of Karmada's validating webhook. `oldObj` is the stored object on update.
 * Returns no causes for kinds it does not know. `schemas` defaults to the vendored CRDs.
 * @public
 */
export function validateKarmadaObject(
  obj: KubeObject,
  oldObj?: KubeObject,
  schemas: CrdSchemaSet = vendoredCrdSchemas(),
): FieldCause[] {
  const group = (obj.apiVersion ?? '').split('/')[0];
  if (group === CLUSTER_GROUP && obj.kind === 'Cluster')
    return validateCluster(obj);
  const structural = schemas.validate(obj);
  if (structural === undefined) return [];
  // Webhook rules read defaulted values, as Karmada's webhook sees them after defaulting.
  const defaulted = schemas.applyDefaults(obj);
  if (group !== POLICY_GROUP) return structural;
  let webhook: FieldCause[] = [];
  switch (obj.kind) {
    case 'PropagationPolicy':
    case 'ClusterPropagationPolicy':
      webhook = validatePropagationPolicy(
        defaulted,
        oldObj && schemas.applyDefaults(oldObj),
      );
      break;
    case 'OverridePolicy':
    case 'ClusterOverridePolicy':
      webhook = validateOverridePolicy(defaulted);
      break;
    default:
  }
  // A field already reported by the schema is not reported twice.
  const reported = new Set(structural.map(c => `${c.field}|${c.reason}`));
  return [
    ...structural,
    ...webhook.filter(c => !reported.has(`${c.field}|${c.reason}`)),
  ];
}
