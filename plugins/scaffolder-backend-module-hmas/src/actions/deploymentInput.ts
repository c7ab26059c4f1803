import type {
  ActionContext,
  TemplateActionOptions,
} from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import type { HmasApiSchemas } from '@h-mas/plugin-hmas-common';

/**
 * The field-wise input schema createTemplateAction takes. Its `z` is scaffolder-node's own
 * zod, so schemas are typed through it rather than through this package's zod import.
 */
export type InputSchema = Exclude<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>,
  (...args: any[]) => any
>;

type Z = Parameters<InputSchema[string]>[0];

/**
 * A JSON object, as scaffolder inputs and outputs are.
 *
 * @public
 */
export type HmasJsonObject = NonNullable<ActionContext<{}>['each']>;

/**
 * An env value in a template: as the API takes it, or `{ templateSecret }`, the key of a
 * template secret (the scaffolder keeps those out of the task's stored parameters).
 *
 * @public
 */
export type HmasTemplateEnvValue =
  | HmasApiSchemas['EnvValue']
  | { templateSecret: string };

/**
 * Input of `hmas:deployment:create` and `hmas:manifests:render`: a deployment create request,
 * the `DeploymentSpec` of the H-MAS OpenAPI description (the backend's `deploymentSpecSchema`
 * decides what is valid).
 *
 * @public
 */
export type HmasDeploymentInput = Omit<
  HmasApiSchemas['DeploymentSpec'],
  'env'
> & {
  env?: Record<string, HmasTemplateEnvValue>;
};

/**
 * The create request an action sends: each `{ templateSecret }` env value replaced by
 * `{ secret }` from the task's secrets (an InputError naming the env var when it was not
 * entered). Plain `{ secret }` values are refused: in a template they would sit in the task's
 * stored parameters.
 *
 * @public
 */
export function withTemplateSecrets(
  input: HmasDeploymentInput,
  secrets: Record<string, string> | undefined,
): HmasApiSchemas['DeploymentSpec'] {
  // An empty namespace field is no namespace: H-MAS then picks the owner's team namespace.
  if (input.namespace === '') {
    const { namespace: _empty, ...rest } = input;
    return withTemplateSecrets(rest, secrets);
  }
  if (!input.env) return input as HmasApiSchemas['DeploymentSpec'];
  const env: Record<string, HmasApiSchemas['EnvValue']> = {};
  for (const [name, value] of Object.entries(input.env)) {
    if (typeof value === 'object' && value && 'templateSecret' in value) {
      const secret = secrets?.[value.templateSecret];
      if (!secret) {
        throw new InputError(
          `env.${name}: the secret was not entered (template secret ${value.templateSecret})`,
        );
      }
      env[name] = { secret };
    } else if (typeof value === 'object' && value && 'secret' in value) {
      throw new InputError(
        `env.${name}: a template cannot carry a secret value (the task stores its parameters); use a template secret: { templateSecret: <key> }`,
      );
    } else {
      env[name] = value;
    }
  }
  return { ...input, env };
}

/**
 * The input of `hmas:deployment:create` and `hmas:manifests:render`: a deployment create
 * request. It only checks the shape a template author can get wrong in YAML; the H-MAS
 * backend's `deploymentSpecSchema` is the truth (it knows the runtimes other modules add) and
 * answers 400 naming the field, which ends in the task log.
 */
export const deploymentInput: InputSchema = {
  name: (z: Z) =>
    z.string({
      description: 'Deployment name (a DNS-1035 label, ≤ 40 characters)',
    }),
  namespace: (z: Z) =>
    z
      .string({
        description:
          "Kubernetes namespace; default: the owner's team namespace, else default",
      })
      .optional(),
  owner: (z: Z) =>
    z
      .string({
        description:
          'Entity ref of the owner, e.g. group:default/ml-team; default: the task initiator',
      })
      .optional(),
  description: (z: Z) =>
    z.string({ description: 'Free text shown with the deployment' }).optional(),
  entityRef: (z: Z) =>
    z
      .string({
        description:
          'Entity ref of an existing catalog entity (e.g. component:default/chat-assistant) the deployment serves; its page then lists the deployment',
      })
      .optional(),
  model: (z: Z) =>
    z
      .object(
        {
          preset: z
            .string({
              description: 'Model preset id, e.g. qwen2.5-0.5b-instruct',
            })
            .optional(),
          modelId: z
            .string({ description: 'Custom model id (instead of a preset)' })
            .optional(),
          hfRepo: z
            .string({ description: 'Hugging Face repository' })
            .optional(),
          hfFile: z
            .string({ description: 'File in the repository (GGUF)' })
            .optional(),
          sizeGb: z
            .number({ description: 'Size of a custom model in GB' })
            .optional(),
          contextSize: z
            .number({ description: 'Context size in tokens' })
            .optional(),
        },
        { description: 'The model: a preset or a custom modelId' },
      )
      .passthrough(),
  runtime: (z: Z) =>
    z.string({
      description: 'Serving runtime, e.g. vllm, tgi, ollama, llamacpp',
    }),
  gpuMode: (z: Z) =>
    z
      .string({ description: 'gpu or cpu; default: from the runtime' })
      .optional(),
  resources: (z: Z) =>
    z
      .object(
        {
          cpu: z.string({ description: 'CPU quantity, e.g. 4' }).optional(),
          memory: z
            .string({ description: 'Memory quantity, e.g. 16Gi' })
            .optional(),
          gpu: z.number({ description: 'GPUs per replica' }).optional(),
          gpuType: z.string({ description: 'GPU type label value' }).optional(),
        },
        { description: 'Resources per replica' },
      )
      .passthrough()
      .optional(),
  replicas: (z: Z) =>
    z.number({ description: 'Replicas (1–50); default 1' }).optional(),
  placement: (z: Z) =>
    z
      .object(
        {
          mode: z.string({ description: 'zone or clusters' }),
          zone: z
            .string({ description: 'gpu-high, gpu-general or cpu-only' })
            .optional(),
          clusters: z
            .array(z.string(), { description: 'Cluster names' })
            .optional(),
        },
        { description: 'Where the replicas go: a zone or named clusters' },
      )
      .passthrough(),
  env: (z: Z) =>
    z
      .record(
        z.union([
          z.string(),
          z.object({
            secretKeyRef: z.object({ name: z.string(), key: z.string() }),
          }),
          z.object({ templateSecret: z.string() }),
        ]),
        {
          description:
            "Env vars of the model server: a value; { secretKeyRef: { name, key } } of an existing Secret; or { templateSecret: <key> }, a template secret (ui:field HmasEnvEditor or Secret) the action hands to H-MAS, which stores it in the deployment's own Kubernetes Secret",
        },
      )
      .optional(),
  storage: (z: Z) =>
    z
      .object(
        {
          size: z
            .string({ description: 'Size of a new model cache PVC' })
            .optional(),
          existingPvc: z
            .string({ description: 'An existing PVC to use instead' })
            .optional(),
        },
        { description: 'Model cache storage' },
      )
      .passthrough()
      .optional(),
  presetId: (z: Z) =>
    z
      .string({ description: 'Policy preset to apply to the manifests' })
      .optional(),
  schedulerName: (z: Z) =>
    z.string({ description: 'Kubernetes scheduler name' }).optional(),
  priorityClassName: (z: Z) =>
    z.string({ description: 'Priority class of the pods' }).optional(),
  args: (z: Z) =>
    z.array(z.string(), { description: 'Extra runtime arguments' }).optional(),
  loadStrategy: (z: Z) =>
    z.string({ description: 'hf-download, pvc, ollama-pull or s3' }).optional(),
  offline: (z: Z) =>
    z
      .boolean({
        description:
          'Air-gapped: no model download (a pre-loaded volume only), the hub libraries offline',
      })
      .optional(),
};
