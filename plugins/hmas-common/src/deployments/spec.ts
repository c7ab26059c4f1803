import { z } from 'zod';
import { placeableZoneSchema, zoneById } from '../clusters/zones';
import {
  dns1035LabelSchema,
  dns1123LabelSchema,
  clusterNameSchema,
  dns1123SubdomainSchema,
  gpuCountSchema,
  kubernetesPatterns,
  labelValueError,
  nonEmptyLabelValueSchema,
  replicasSchema,
} from '../kubernetes/names';
import { positiveQuantitySchema } from '../quantity';
import { isMalformedMigType, migProfileOf } from '../clusters/gpuSharing';
import { modelPresetById } from './models';
import {
  defaultLoadStrategy,
  GpuMode,
  OFFLINE_LOAD_STRATEGIES,
  RuntimeDefinition,
  runtimeById,
  runtimeIds,
  runtimeLoadStrategies,
} from './runtimes';

const ENV_NAME_RE = new RegExp(kubernetesPatterns.envName);
const ENTITY_REF_RE =
  /^([A-Za-z0-9_.-]+:)?([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/;

const KINDED_ENTITY_REF_RE =
  /^[A-Za-z0-9_.-]+:([A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/;

/**
 * `kind:namespace/name` in lower case, with the `default` namespace filled in.
 *
 * @public
 */
export function canonicalEntityRef(ref: string): string {
  const lower = ref.toLowerCase();
  const colon = lower.indexOf(':');
  const kind = lower.slice(0, colon);
  const rest = lower.slice(colon + 1);
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : 'default';
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  return `${kind}:${namespace}/${name}`;
}

/**
 * The value of the `h-mas.io/serves` pod label of a deployment that serves the catalog entity
 * `ref`: `kind.namespace.name`. That entity shows the pods on its Kubernetes tab with the
 * annotation `backstage.io/kubernetes-label-selector: h-mas.io/serves=<value>`.
 *
 * @public
 */
export function entityRefLabelValue(ref: string): string {
  return canonicalEntityRef(ref).replace(':', '.').replace('/', '.');
}

/** Longest deployment name: `hmas-<name>-model-cache` must fit a 63-character name. @public */
export const MAX_DEPLOYMENT_NAME_LENGTH = 40;

/** Most env vars a deployment may set. @public */
export const MAX_DEPLOYMENT_ENV = 50;

const envNameSchema = z.string().regex(ENV_NAME_RE, {
  message:
    'Env names must start with a letter or _ and contain only letters, digits and _',
});

/**
 * Env names that look like secrets (`*_TOKEN`, `*_KEY`, `*_SECRET`, `*PASSWORD*`, `HF_TOKEN`):
 * they cannot be given as plain values, only as a secret the backend stores in a Kubernetes
 * Secret or as a reference to an existing Secret.
 *
 * @public
 */
export function isSecretLikeEnvName(name: string): boolean {
  return /(_TOKEN|_KEY|_SECRET)$|PASSWORD|^HF_TOKEN$/i.test(name);
}

/**
 * The Secret H-MAS creates for a deployment's secret env values (one key per env name),
 * written to Karmada and propagated with the Deployment.
 *
 * @public
 */
export function deploymentSecretName(deploymentName: string): string {
  return `${deploymentName}-secrets`;
}

/** A reference to a key of a Secret in the deployment's namespace. @public */
export interface SecretKeyRef {
  name: string;
  key: string;
}

const secretKeyRefSchema = z
  .object({
    secretKeyRef: z
      .object({
        name: dns1123SubdomainSchema('Secret name'),
        key: z
          .string()
          .min(1, { message: 'Secret key must not be empty' })
          .max(253)
          .regex(/^[-._a-zA-Z0-9]+$/, {
            message: 'Secret keys contain only letters, digits, -, _ and .',
          }),
      })
      .strict(),
  })
  .strict();

const secretValueSchema = z
  .object({
    secret: z.string().min(1, { message: 'Enter the secret value' }),
  })
  .strict();

/**
 * One env var's value: a plain string; `{ secretKeyRef: { name, key } }`, a key of an
 * existing Secret in the deployment's namespace; or `{ secret }`, a value entered once, which
 * the backend writes to the deployment's own Secret ({@link deploymentSecretName}) and
 * stores only as a reference to it. Requests may carry all three; stored specs and API
 * responses carry no `{ secret }`.
 *
 * @public
 */
export const deploymentEnvValueSchema = z.union(
  [z.string(), secretKeyRefSchema, secretValueSchema],
  {
    errorMap: (issue, ctx) =>
      issue.code === z.ZodIssueCode.invalid_union
        ? {
            message:
              'An env value is a string, { secret: "…" } or { secretKeyRef: { name, key } }',
          }
        : { message: ctx.defaultError },
  },
);

/** One env var's value as a request gives it. @public */
export type DeploymentEnvValue = z.infer<typeof deploymentEnvValueSchema>;

const lenientEnvSchema = z.record(envNameSchema, deploymentEnvValueSchema);

/** Why a plain env value is refused, or undefined. @public */
export function plainSecretEnvError(
  name: string,
  value: unknown,
): string | undefined {
  if (typeof value !== 'string' || !isSecretLikeEnvName(name)) return undefined;
  return `${name} looks like a secret: enter it as a secret (stored in a Kubernetes Secret) or reference an existing Secret, not as a plain value`;
}

/**
 * A deployment's env vars: valid names (a letter or _ first, then letters, digits and _), each
 * a plain value, a secret or a Secret reference (see {@link deploymentEnvValueSchema}); names
 * that look like secrets ({@link isSecretLikeEnvName}) take no plain value. Shared by create
 * and update.
 *
 * @public
 */
export const deploymentEnvSchema = lenientEnvSchema.superRefine((env, ctx) => {
  for (const [name, value] of Object.entries(env)) {
    const message = plainSecretEnvError(name, value);
    if (message) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message });
    }
  }
});

/**
 * A deployment name: a DNS-1035 label (lowercase letter first, since the Service carries
 * the same name) of at most 40 characters, so `hmas-<name>-model-cache`,
 * `<name>-propagation` and `<name>-override` stay within 63.
 *
 * @public
 */
export const deploymentNameSchema = dns1035LabelSchema(
  'Name',
  MAX_DEPLOYMENT_NAME_LENGTH,
);

const modelSchema = z
  .object({
    preset: z.string().min(1).optional(),
    modelId: z.string().min(1).optional(),
    hfRepo: z.string().min(1).optional(),
    hfFile: z.string().min(1).optional(),
    sizeGb: z.number().positive().max(2000).optional(),
    contextSize: z.number().int().min(256).max(131072).optional(),
  })
  .strict();

const placementSchema = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('zone'),
      zone: placeableZoneSchema,
    })
    .strict(),
  z
    .object({
      mode: z.literal('clusters'),
      clusters: z
        .array(clusterNameSchema('Cluster name'))
        .min(1, { message: 'Choose at least one cluster' }),
    })
    .strict(),
]);

// existingPvc first: zod reports the first branch that fails on a value rather than a
// shape, so each branch's own error comes through.
const storageSchema = z.union([
  z.object({ existingPvc: dns1123SubdomainSchema('PVC name') }).strict(),
  z.object({ size: positiveQuantitySchema.optional() }).strict(),
]);

/**
 * The GPU mode a spec runs in: its explicit `gpuMode`, else from the runtime. An optional
 * runtime runs on GPU unless it is placed in the CPU Only zone or asks for 0 GPUs.
 *
 * @public
 */
export function effectiveGpuMode(
  runtimeGpuMode: GpuMode,
  spec: {
    gpuMode?: 'gpu' | 'cpu';
    resources?: { gpu?: number };
    placement?: { mode: string; zone?: string };
  },
): 'gpu' | 'cpu' {
  if (spec.gpuMode) return spec.gpuMode;
  if (runtimeGpuMode === 'required') return 'gpu';
  if (runtimeGpuMode === 'none') return 'cpu';
  const cpuZone =
    spec.placement?.mode === 'zone' && spec.placement.zone === 'cpu-only';
  return cpuZone || spec.resources?.gpu === 0 ? 'cpu' : 'gpu';
}

/**
 * The create-request schema for a runtime catalog: the built-in runtimes plus those other
 * backend modules add (`hmasRuntimesExtensionPoint`). An extra runtime with a built-in's id
 * replaces it.
 *
 * @public
 */
export function createDeploymentSpecSchema(
  extraRuntimes: RuntimeDefinition[] = [],
  options: {
    /**
     * Accept plain values under secret-like names: only for planning a spec stored before
     * secrets became Secrets (what is in Karmada for it), so that it can be migrated.
     */
    allowPlainSecretValues?: boolean;
    /**
     * The deployment's zone (or the whole fleet) is offline (`hmas.deployments`): as if the
     * request said `offline: true`.
     */
    offline?: boolean;
  } = {},
) {
  const envSchema = options.allowPlainSecretValues
    ? lenientEnvSchema
    : deploymentEnvSchema;
  const known = [...new Set([...runtimeIds, ...extraRuntimes.map(r => r.id)])];
  return z
    .object({
      name: deploymentNameSchema,
      namespace: dns1123LabelSchema('Namespace').default('default'),
      /** Entity ref of the owner; the backend fills in the caller when absent. */
      owner: z
        .string()
        .regex(ENTITY_REF_RE, {
          message: 'Owner must be an entity ref such as group:default/ml-team',
        })
        .optional(),
      description: z.string().max(1000).optional(),
      /**
       * Entity ref of the catalog entity (usually a service) this deployment serves; its
       * catalog entity then depends on the deployment and shows it in the Model deployments
       * card.
       */
      entityRef: z
        .string()
        .regex(KINDED_ENTITY_REF_RE, {
          message: 'Entity ref must look like component:default/chat-assistant',
        })
        .transform(canonicalEntityRef)
        .refine(ref => !labelValueError(entityRefLabelValue(ref)), {
          message:
            'Entity ref is too long to label the pods with (kind.namespace.name must fit 63 characters)',
        })
        .optional(),
      model: modelSchema,
      runtime: z.string().refine(id => known.includes(id), {
        message: `Runtime must be one of ${known.join(', ')}`,
      }),
      gpuMode: z.enum(['gpu', 'cpu']).optional(),
      resources: z
        .object({
          cpu: positiveQuantitySchema.optional(),
          memory: positiveQuantitySchema.optional(),
          gpu: gpuCountSchema.optional(),
          gpuType: nonEmptyLabelValueSchema.optional(),
        })
        .strict()
        .optional(),
      replicas: replicasSchema.default(1),
      placement: placementSchema,
      schedulerName: nonEmptyLabelValueSchema.optional(),
      priorityClassName:
        dns1123SubdomainSchema('Priority class').default('inference-critical'),
      env: envSchema.default({}),
      storage: storageSchema.default({}),
      args: z.array(z.string()).optional(),
      loadStrategy: z
        .enum(['hf-download', 'pvc', 'ollama-pull', 's3'])
        .optional(),
      /**
       * Air-gapped: the pods download no model (a pre-loaded volume only) and the hub
       * libraries run offline (`HF_HUB_OFFLINE`). A zone or fleet configured offline makes
       * every deployment offline.
       */
      offline: z.boolean().optional(),
    })
    .strict()
    .superRefine((spec, ctx) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });

      if (Object.keys(spec.env ?? {}).length > MAX_DEPLOYMENT_ENV) {
        issue(['env'], `At most ${MAX_DEPLOYMENT_ENV} env vars`);
      }
      if (spec.placement?.mode === 'clusters') {
        const seen = new Set<string>();
        for (const cluster of spec.placement.clusters) {
          if (seen.has(cluster)) {
            issue(
              ['placement', 'clusters'],
              `Cluster ${cluster} is listed twice`,
            );
          }
          seen.add(cluster);
        }
      }

      const runtime = runtimeById(spec.runtime, extraRuntimes);
      if (!runtime) return;
      const gpuCount = spec.resources?.gpu;

      if (runtime.gpuMode === 'required' && spec.gpuMode === 'cpu') {
        issue(['gpuMode'], `${runtime.title} needs GPUs; it has no CPU mode`);
      }
      if (runtime.gpuMode === 'none' && spec.gpuMode === 'gpu') {
        issue(['gpuMode'], `${runtime.title} has no GPU mode`);
      }
      const mode = effectiveGpuMode(runtime.gpuMode, spec);
      if (mode === 'cpu' && gpuCount !== undefined && gpuCount > 0) {
        issue(
          ['resources', 'gpu'],
          runtime.gpuMode === 'none'
            ? `${runtime.title} does not use GPUs`
            : 'CPU mode takes no GPUs: set 0 or choose GPU mode',
        );
      }
      if (mode === 'cpu' && spec.resources?.gpuType) {
        issue(['resources', 'gpuType'], 'CPU mode takes no GPU type');
      }
      const gpuType = spec.resources?.gpuType;
      if (mode === 'gpu' && gpuType && isMalformedMigType(gpuType)) {
        issue(
          ['resources', 'gpuType'],
          `${gpuType} is not a MIG profile: use mig-<slices>g.<memory>gb, e.g. mig-1g.5gb`,
        );
      }
      if (
        mode === 'gpu' &&
        migProfileOf(gpuType) &&
        (gpuCount ?? runtime.resourceFloor.gpu) > 1
      ) {
        issue(
          ['resources', 'gpu'],
          `A pod can use one MIG device (CUDA enumerates a single MIG instance per process); ask for 1, or for whole GPUs`,
        );
      }
      if (
        mode === 'gpu' &&
        spec.placement?.mode === 'zone' &&
        spec.placement.zone === 'cpu-only'
      ) {
        issue(
          ['placement', 'zone'],
          `${runtime.title} needs GPUs; the ${
            zoneById('cpu-only').title
          } zone has none`,
        );
      }

      const model = spec.model;
      const preset = model?.preset ? modelPresetById(model.preset) : undefined;
      if (model?.preset && !preset) {
        issue(['model', 'preset'], `Unknown model preset "${model.preset}"`);
      } else if (
        preset &&
        !(preset.runtimes as string[]).includes(spec.runtime)
      ) {
        const supported = preset.runtimes
          .map(id => runtimeById(id)?.title ?? id)
          .join(', ');
        issue(
          ['runtime'],
          `${preset.title} does not run on ${runtime.title}; use ${supported}`,
        );
      }
      if (model && !model.preset && !model.modelId) {
        issue(['model'], 'Choose a model preset or give a modelId');
      }
      if (
        model &&
        !model.preset &&
        model.modelId &&
        model.sizeGb === undefined
      ) {
        issue(
          ['model', 'sizeGb'],
          'Give the size of a custom model: memory and the startup probe are sized from it',
        );
      }

      const strategies = runtimeLoadStrategies(runtime);
      const offline = options.offline || spec.offline === true;
      const strategy =
        spec.loadStrategy ?? defaultLoadStrategy(runtime, offline);
      if (!strategies.includes(strategy)) {
        issue(
          ['loadStrategy'],
          `${
            runtime.title
          } cannot load models by ${strategy}; use ${strategies.join(' or ')}`,
        );
      } else if (offline && !OFFLINE_LOAD_STRATEGIES.includes(strategy)) {
        issue(
          ['loadStrategy'],
          `${strategy} downloads the model, and the deployment is offline${
            options.offline && !spec.offline ? ' (its zone is offline)' : ''
          }; load it from a pre-loaded volume (pvc)`,
        );
      }
      if (
        strategy === 'pvc' &&
        !(spec.storage && 'existingPvc' in spec.storage)
      ) {
        issue(
          ['storage', 'existingPvc'],
          'Loading from a PVC needs the pre-loaded volume: set storage.existingPvc',
        );
      }
      if (
        spec.runtime === 'llamacpp' &&
        !preset &&
        model?.modelId &&
        !model.hfFile
      ) {
        issue(
          ['model', 'hfFile'],
          'llama.cpp needs the GGUF file name (hfFile)',
        );
      }
      if (runtime.acceptsArgs === false && spec.args && spec.args.length > 0) {
        issue(['args'], `${runtime.title} takes no server arguments; use env`);
      }
    });
}

/**
 * The request to create a model deployment with the built-in runtimes, shared by the REST
 * API, the UI form and the scaffolder action.
 *
 * @public
 */
export const deploymentSpecSchema = createDeploymentSpecSchema();

/** The create request as sent (defaults optional). @public */
export type DeploymentSpec = z.input<typeof deploymentSpecSchema>;

/** The create request after parsing (defaults applied). @public */
export type ParsedDeploymentSpec = z.output<typeof deploymentSpecSchema>;

/** Where a deployment runs: a zone, or named clusters. @public */
export type DeploymentPlacement = ParsedDeploymentSpec['placement'];
