import { z } from 'zod';
import {
  dns1123LabelSchema,
  dns1123SubdomainSchema,
} from '../kubernetes/names';

/** API version of every Karmada policy kind. @public */
export const POLICY_API_VERSION = 'policy.karmada.io/v1alpha1';

/**
 * The Karmada policy kinds H-MAS manages, with their REST plural, apiVersion and scope.
 *
 * @public
 */
export const policyKinds = {
  PropagationPolicy: {
    plural: 'propagationpolicies',
    apiVersion: POLICY_API_VERSION,
    scope: 'Namespaced',
    type: 'propagation',
  },
  ClusterPropagationPolicy: {
    plural: 'clusterpropagationpolicies',
    apiVersion: POLICY_API_VERSION,
    scope: 'Cluster',
    type: 'propagation',
  },
  OverridePolicy: {
    plural: 'overridepolicies',
    apiVersion: POLICY_API_VERSION,
    scope: 'Namespaced',
    type: 'override',
  },
  ClusterOverridePolicy: {
    plural: 'clusteroverridepolicies',
    apiVersion: POLICY_API_VERSION,
    scope: 'Cluster',
    type: 'override',
  },
} as const;

/** One of the four Karmada policy kinds. @public */
export type PolicyKind = keyof typeof policyKinds;

/** The lowercase plural of a policy kind, as used in REST paths. @public */
export type PolicyPlural = (typeof policyKinds)[PolicyKind]['plural'];

/** The policy kinds in a fixed order. @public */
export const policyKindNames = Object.keys(policyKinds) as [
  PolicyKind,
  ...PolicyKind[],
];

/** The plurals of the policy kinds, in the order of {@link policyKindNames}. @public */
export const policyPlurals = policyKindNames.map(
  k => policyKinds[k].plural,
) as [PolicyPlural, ...PolicyPlural[]];

/** The kind whose plural is `plural`. @public */
export function policyKindOfPlural(plural: PolicyPlural): PolicyKind {
  return policyKindNames.find(k => policyKinds[k].plural === plural)!;
}

/** Whether a policy kind lives in a namespace. @public */
export function isNamespacedPolicyKind(kind: PolicyKind): boolean {
  return policyKinds[kind].scope === 'Namespaced';
}

/**
 * A Karmada policy object as H-MAS reads and writes it; `spec` is checked by
 * {@link validatePolicy}, not by the type.
 *
 * @public
 */
export interface KarmadaPolicyObject {
  apiVersion: typeof POLICY_API_VERSION;
  kind: PolicyKind;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: Record<string, unknown>;
  [key: string]: unknown;
}

const stringMap = z.record(z.string());

/**
 * Body of `POST /policies` and `PUT /policies/...`: a Karmada policy object. Only the envelope
 * is checked here; the rules of Karmada's webhook are in {@link validatePolicy}.
 *
 * @public
 */
export const policyObjectSchema = z
  .object({
    apiVersion: z.literal(POLICY_API_VERSION),
    kind: z.enum(policyKindNames),
    metadata: z
      .object({
        name: z.string().min(1).max(253),
        namespace: z.string().min(1).max(63).optional(),
        resourceVersion: z.string().min(1).optional(),
        labels: stringMap.optional(),
        annotations: stringMap.optional(),
      })
      .passthrough(),
    spec: z.record(z.unknown()),
  })
  .passthrough();

/**
 * What a policy write can change, as the backend keeps it: apiVersion, kind, name,
 * namespace, labels, annotations and spec. Server-managed metadata and status are dropped.
 * The backend writes exactly this; the portal's YAML views and diffs show exactly this.
 *
 * @public
 */
export function writablePolicy(
  policy: KarmadaPolicyObject,
): KarmadaPolicyObject {
  const { name, namespace, labels, annotations } = policy.metadata;
  return {
    apiVersion: policyKinds[policy.kind].apiVersion,
    kind: policy.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    spec: policy.spec,
  };
}

/** Query of `GET /policies`. @public */
export const policyListQuerySchema = z
  .object({
    kind: z.enum(policyPlurals).optional(),
    refresh: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** @public */
export type PolicyListQuery = z.infer<typeof policyListQuerySchema>;

/**
 * Path parameters of `GET|PUT|DELETE /policies/:kind[/:namespace]/:name`.
 *
 * @public
 */
export const policyPathParamsSchema = z
  .object({
    kind: z.enum(policyPlurals),
    namespace: dns1123LabelSchema().optional(),
    name: dns1123SubdomainSchema(),
  })
  .strict();

/** @public */
export type PolicyPathParams = z.infer<typeof policyPathParamsSchema>;
