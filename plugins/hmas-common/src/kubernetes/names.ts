import { z } from 'zod';

/**
 * Kubernetes' naming and size rules, once. Every schema of H-MAS (deployments, clusters,
 * policies, presets, route parameters) and the scaffolder templates' field patterns use these;
 * `templates.test.ts` checks that each template pattern is one of {@link kubernetesPatterns}.
 * The rules are apimachinery's (`k8s.io/apimachinery/pkg/util/validation`).
 */

/**
 * The rules as regular-expression sources, for JSON Schema `pattern`s (scaffolder templates)
 * and for the schemas below.
 *
 * @public
 */
export const kubernetesPatterns = {
  /** A DNS-1123 label: namespaces, most object names' parts, cluster names. */
  dns1123Label: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  /** A DNS-1035 label: Service names (a letter first). */
  dns1035Label: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
  /** A DNS-1123 subdomain: most object names. */
  dns1123Subdomain:
    '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  /** A label value (or the name part of a label key), non-empty. */
  labelValue: '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$',
  /** A label value as H-MAS writes its own (lowercase): GPU types, scheduler names. */
  lowercaseLabelValue: '^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$',
  /** A container env var name as H-MAS accepts it (C identifier). */
  envName: '^[A-Za-z_][A-Za-z0-9_]*$',
  /** A member cluster's API endpoint: an http(s) URL with a host. */
  apiEndpoint: '^https?://[^\\s/]+',
  /** A CPU quantity: 4, 0.5, 500m. */
  cpuQuantity: '^([0-9]+(\\.[0-9]+)?|\\.[0-9]+)m?$',
  /** A memory or storage quantity: 16Gi, 512Mi, 1e9 is not accepted. */
  memoryQuantity: '^([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$',
} as const;

/** @public */
export type KubernetesPattern = keyof typeof kubernetesPatterns;

/** Longest DNS-1123 / DNS-1035 label and label value or label name. @public */
export const MAX_LABEL_LENGTH = 63;

/** Longest DNS-1123 subdomain (most object names, label key prefixes). @public */
export const MAX_SUBDOMAIN_LENGTH = 253;

/**
 * Longest Karmada cluster name: Karmada names each member's execution namespace
 * `karmada-es-<cluster>`, which must fit a 63-character label.
 *
 * @public
 */
export const MAX_CLUSTER_NAME_LENGTH = 48;

/** Replicas a deployment may ask for, inclusive. @public */
export const REPLICA_BOUNDS = { min: 1, max: 50 } as const;

/** GPUs one replica may ask for, inclusive. @public */
export const GPU_COUNT_BOUNDS = { min: 0, max: 16 } as const;

/** "Namespace must ..." when the field has a name for people, "must ..." after a path. */
const subject = (what?: string) => (what ? `${what} ` : '');

const re = (pattern: KubernetesPattern) =>
  new RegExp(kubernetesPatterns[pattern]);
const DNS1123_SUBDOMAIN = re('dns1123Subdomain');
const LABEL_VALUE = re('labelValue');

/** What a DNS name rule says when a value breaks it. */
const DNS_RULES = {
  dns1123Label:
    'must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit',
  dns1035Label:
    'must start with a lowercase letter, contain only lowercase letters, digits and -, and end with a letter or digit',
  dns1123Subdomain:
    'must be a DNS-1123 subdomain: lowercase letters, digits, - and ., starting and ending with a letter or digit',
} as const;

/** The DNS rules' patterns, compiled once (validation runs on every request). */
const DNS_RULE_RES = {
  dns1123Label: re('dns1123Label'),
  dns1035Label: re('dns1035Label'),
  dns1123Subdomain: DNS1123_SUBDOMAIN,
};

/** The message when `value` breaks DNS rule `rule` or is longer than `max`. */
function dnsRuleError(
  rule: keyof typeof DNS_RULES,
  max: number,
  value: string,
  what?: string,
): string | undefined {
  if (value.length > max) {
    return `${subject(what)}must be at most ${max} characters`;
  }
  return DNS_RULE_RES[rule].test(value)
    ? undefined
    : `${subject(what)}${DNS_RULES[rule]}`;
}

/**
 * Why a value is not a DNS-1123 label of at most `max` characters, or `undefined`. `what`
 * names the value at the start of the message (`Namespace must ...`); without it the
 * message starts `must ...`, for a caller that prefixes the field's path.
 *
 * @public
 */
export const dns1123LabelError = (
  value: string,
  what?: string,
  max: number = MAX_LABEL_LENGTH,
): string | undefined => dnsRuleError('dns1123Label', max, value, what);

/**
 * Why a value is not a DNS-1035 label (a lowercase letter first) of at most `max`
 * characters, or `undefined`.
 *
 * @public
 */
export const dns1035LabelError = (
  value: string,
  what?: string,
  max: number = MAX_LABEL_LENGTH,
): string | undefined => dnsRuleError('dns1035Label', max, value, what);

/**
 * Why a value is not a DNS-1123 subdomain (at most 253 characters), or `undefined`.
 *
 * @public
 */
export const dns1123SubdomainError = (
  value: string,
  what?: string,
): string | undefined =>
  dnsRuleError('dns1123Subdomain', MAX_SUBDOMAIN_LENGTH, value, what);

/**
 * Why a Kubernetes label key is invalid, or `undefined` when it is valid: an optional
 * DNS-subdomain prefix (≤ 253) and `/`, then a name (≤ 63) of alphanumerics, `-`, `_`, `.`,
 * beginning and ending with an alphanumeric. Annotation keys follow the same rule.
 *
 * @public
 */
export function labelKeyError(key: string): string | undefined {
  if (key.length === 0) return 'Key must not be empty';
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0) return 'Key prefix must not be empty';
    if (prefix.length > MAX_SUBDOMAIN_LENGTH) {
      return `Key prefix must be at most ${MAX_SUBDOMAIN_LENGTH} characters`;
    }
    if (!DNS1123_SUBDOMAIN.test(prefix)) {
      return 'Key prefix must be a DNS subdomain: lowercase alphanumerics, - and ., starting and ending with an alphanumeric';
    }
  }
  if (name.length === 0) return 'Key name must not be empty';
  if (name.length > MAX_LABEL_LENGTH) {
    return `Key name must be at most ${MAX_LABEL_LENGTH} characters`;
  }
  if (!LABEL_VALUE.test(name)) {
    return 'Key name must consist of alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  }
  return undefined;
}

/**
 * Why a Kubernetes label value is invalid, or `undefined` when it is valid: empty, or at most
 * 63 alphanumerics, `-`, `_`, `.`, beginning and ending with an alphanumeric.
 *
 * @public
 */
export function labelValueError(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > MAX_LABEL_LENGTH) {
    return `Value must be at most ${MAX_LABEL_LENGTH} characters`;
  }
  if (!LABEL_VALUE.test(value)) {
    return 'Value must consist of alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  }
  return undefined;
}

const refined = (check: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const error = check(value);
    if (error) ctx.addIssue({ code: z.ZodIssueCode.custom, message: error });
  });

/**
 * A DNS-1123 label of at most `max` characters; `what` names it in the message.
 *
 * @public
 */
export const dns1123LabelSchema = (
  what?: string,
  max: number = MAX_LABEL_LENGTH,
) => refined(v => dns1123LabelError(v, what, max));

/** A DNS-1035 label of at most `max` characters. @public */
export const dns1035LabelSchema = (
  what?: string,
  max: number = MAX_LABEL_LENGTH,
) => refined(v => dns1035LabelError(v, what, max));

/**
 * Why a value is not a Karmada cluster name (a DNS-1123 label of at most 48 characters),
 * or `undefined`.
 *
 * @public
 */
export function clusterNameError(
  value: string,
  what?: string,
): string | undefined {
  if (value.length > MAX_CLUSTER_NAME_LENGTH) {
    return `${subject(
      what,
    )}must be at most ${MAX_CLUSTER_NAME_LENGTH} characters (Karmada prefixes karmada-es-)`;
  }
  return dns1123LabelError(value, what);
}

/** A Karmada cluster name: a DNS-1123 label of at most 48 characters. @public */
export const clusterNameSchema = (what?: string) =>
  refined(v => clusterNameError(v, what));

/** A DNS-1123 subdomain. @public */
export const dns1123SubdomainSchema = (what?: string) =>
  refined(v => dns1123SubdomainError(v, what));

/** A Kubernetes label (or annotation) key. @public */
export const labelKeySchema = refined(labelKeyError);

/** A Kubernetes label value; empty is allowed, as Kubernetes allows it. @public */
export const labelValueSchema = refined(labelValueError);

/** A non-empty Kubernetes label value. @public */
export const nonEmptyLabelValueSchema = refined(v =>
  v.length === 0 ? 'Must not be empty' : labelValueError(v),
);

/** The replicas of a deployment: a whole number within {@link REPLICA_BOUNDS}. @public */
export const replicasSchema = z
  .number()
  .int({ message: 'Replicas must be a whole number' })
  .min(REPLICA_BOUNDS.min, {
    message: `Replicas must be between ${REPLICA_BOUNDS.min} and ${REPLICA_BOUNDS.max}`,
  })
  .max(REPLICA_BOUNDS.max, {
    message: `Replicas must be between ${REPLICA_BOUNDS.min} and ${REPLICA_BOUNDS.max}`,
  });

/** GPUs per replica: a whole number within {@link GPU_COUNT_BOUNDS}. @public */
export const gpuCountSchema = z
  .number()
  .int({ message: 'GPU count must be a whole number' })
  .min(GPU_COUNT_BOUNDS.min, {
    message: `GPU count must be between ${GPU_COUNT_BOUNDS.min} and ${GPU_COUNT_BOUNDS.max}`,
  })
  .max(GPU_COUNT_BOUNDS.max, {
    message: `GPU count must be between ${GPU_COUNT_BOUNDS.min} and ${GPU_COUNT_BOUNDS.max}`,
  });
