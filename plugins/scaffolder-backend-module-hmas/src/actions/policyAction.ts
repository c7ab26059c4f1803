import { ConflictError, isError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import {
  HmasApiSchemas,
  POLICY_API_VERSION,
  policyKinds,
} from '@h-mas/plugin-hmas-common';
import { createHmasClient, HmasActionOptions, onBehalfOf } from '../hmasClient';
import { HmasJsonObject } from './deploymentInput';

/**
 * Input of the policy create actions: the Karmada object without apiVersion and kind.
 *
 * @public
 */
export type HmasPolicyInput = {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: HmasJsonObject;
};

/**
 * Outputs of the policy create actions.
 *
 * @public
 */
export type HmasPolicyOutput = {
  name: string;
  namespace: string;
  resourceVersion: string;
};

/**
 * Whether `actual` holds every field of `wanted` with the same value. Karmada adds defaults
 * (priority, conflictResolution, ...) to what it stores, so equality would be too strict.
 */
export function containsSpec(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((w, i) => containsSpec(actual[i], w))
    );
  }
  if (typeof wanted === 'object' && wanted !== null) {
    if (
      typeof actual !== 'object' ||
      actual === null ||
      Array.isArray(actual)
    ) {
      return false;
    }
    return Object.entries(wanted).every(([key, w]) =>
      containsSpec((actual as Record<string, unknown>)[key], w),
    );
  }
  return actual === wanted;
}

/**
 * One action per namespaced Karmada policy kind: posts the policy to the H-MAS backend (which
 * runs Karmada's webhook rules first and answers 400 naming the field) as the task's
 * initiator. A retried task does not fail on the policy its earlier attempt created: on a
 * conflict it adopts the existing policy when its spec is the one asked for.
 */
export function createPolicyAction(options: {
  hmas: HmasActionOptions;
  id: string;
  kind: 'PropagationPolicy' | 'OverridePolicy';
  description: string;
  specDescription: string;
  examples: TemplateExample[];
}): TemplateAction<HmasPolicyInput, HmasPolicyOutput> {
  const client = createHmasClient(options.hmas);
  const { kind } = options;
  return createTemplateAction({
    id: options.id,
    description: options.description,
    examples: options.examples,
    schema: {
      input: {
        metadata: z =>
          z
            .object(
              {
                name: z.string({ description: 'Policy name' }),
                namespace: z
                  .string({ description: 'Namespace; default: default' })
                  .optional(),
                labels: z.record(z.string()).optional(),
                annotations: z.record(z.string()).optional(),
              },
              { description: 'The policy’s metadata' },
            )
            .passthrough(),
        spec: z =>
          z.record(z.unknown(), { description: options.specDescription }),
      },
      output: {
        name: z => z.string({ description: 'Policy name' }),
        namespace: z => z.string({ description: 'Policy namespace' }),
        resourceVersion: z =>
          z.string({ description: 'resourceVersion of the created policy' }),
      },
    },
    async handler(ctx) {
      const input = ctx.input as HmasPolicyInput;
      const request = await onBehalfOf(
        options.hmas.auth,
        await ctx.getInitiatorCredentials(),
      );
      const policy = {
        apiVersion: POLICY_API_VERSION,
        kind,
        metadata: {
          ...input.metadata,
          namespace: input.metadata.namespace ?? 'default',
        },
        spec: input.spec,
      };
      const { name, namespace } = policy.metadata;

      const created = await ctx.checkpoint({
        key: `create-${kind}-${namespace}-${name}`,
        fn: async () => {
          let result: HmasApiSchemas['KarmadaPolicyObject'];
          try {
            result = await client.createPolicy({ body: policy }, request);
          } catch (error) {
            if (!isError(error) || error.name !== 'ConflictError') throw error;
            // An earlier attempt of this task may have created it: adopt it only if it is
            // the same policy.
            result = await client.getNamespacedPolicy(
              { path: { kind: policyKinds[kind].plural, namespace, name } },
              request,
            );
            if (!containsSpec(result.spec, policy.spec)) {
              throw new ConflictError(
                `${kind} ${namespace}/${name} already exists with a different spec`,
              );
            }
            ctx.logger.info(
              `${kind} ${namespace}/${name} already exists with this spec; keeping it`,
            );
          }
          return {
            name: result.metadata.name,
            namespace: result.metadata.namespace ?? namespace,
            resourceVersion: result.metadata.resourceVersion ?? '',
          };
        },
      });
      ctx.logger.info(`Created ${kind} ${created.namespace}/${created.name}`);
      ctx.output('name', created.name);
      ctx.output('namespace', created.namespace);
      ctx.output('resourceVersion', created.resourceVersion);
    },
  });
}
