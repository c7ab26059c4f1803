import { z } from 'zod';
import { placeableZoneSchema } from './clusters/zones';
import {
  canonicalEntityRef,
  deploymentEnvSchema,
  plainSecretEnvError,
} from './deployments/spec';
import { replicasSchema } from './kubernetes/names';

/**
 * Body of `PATCH /deployments/:id`: scale and/or replace the env (the runtime preset still
 * applies underneath; user values win).
 *
 * @public
 */
export const deploymentUpdateSchema = z
  .object({
    replicas: replicasSchema.optional(),
    env: deploymentEnvSchema.optional(),
  })
  .strict()
  .refine(u => u.replicas !== undefined || u.env !== undefined, {
    message: 'Nothing to change: give replicas or env',
  });

/** @public */
export type DeploymentUpdateRequest = z.infer<typeof deploymentUpdateSchema>;

/**
 * Query of `GET /deployments`.
 *
 * @public
 */
export const deploymentListQuerySchema = z
  .object({
    owner: z.string().min(1).optional(),
    runtime: z.string().min(1).optional(),
    zone: placeableZoneSchema.optional(),
    namespace: z.string().min(1).optional(),
    /** Only deployments linked to this catalog entity (`spec.entityRef`). */
    entityRef: z.string().min(1).transform(canonicalEntityRef).optional(),
  })
  .strict();

/**
 * Query of `POST /deployments`: `dryRun=true` returns the manifests without applying them.
 *
 * @public
 */
export const deploymentCreateQuerySchema = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .strict();

/**
 * An unfinished create, update or delete of a deployment, as its journal records it: the
 * step about to be taken is recorded before it is taken, so a crash or a lost reply leaves a
 * record that the recovery task finishes or rolls back.
 *
 * @public
 */
export interface DeploymentOperationInfo {
  /** What is unfinished. */
  kind: 'create' | 'update' | 'delete';
  /** Id of the operation; only its holder may record steps. */
  id: string;
  /** The step it is about to take, or took last. */
  step?: string;
  /** For an update: the spec being applied. */
  target?: Record<string, unknown>;
  /** When it last recorded a step (ISO 8601). */
  heartbeatAt: string;
}

/**
 * A model deployment as the API returns it: what was asked for (`spec`, the validated create
 * request) and the Karmada objects that realise it.
 *
 * @public
 */
export interface DeploymentInfo {
  id: string;
  namespace: string;
  name: string;
  owner: string;
  createdBy: string;
  runtime: string;
  model: string;
  zone?: string;
  /** The catalog entity this deployment serves (`spec.entityRef`), lower-cased. */
  entityRef?: string;
  state: 'creating' | 'active' | 'deleting';
  spec: Record<string, unknown>;
  objects: Array<{
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  }>;
  createdAt: string;
  updatedAt: string;
  /** The unfinished operation, if one holds the deployment. */
  operation?: DeploymentOperationInfo;
}

/** What the API shows for a plaintext secret a row still holds (see `redactPlainSecrets`). @public */
export const REDACTED_ENV_VALUE = '<redacted>';

function redactEnv(spec: Record<string, unknown> | undefined) {
  const env = spec?.env as Record<string, unknown> | undefined;
  if (!spec || !env) return spec;
  let changed = false;
  const redacted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (plainSecretEnvError(name, value) && value !== REDACTED_ENV_VALUE) {
      redacted[name] = REDACTED_ENV_VALUE;
      changed = true;
    } else {
      redacted[name] = value;
    }
  }
  return changed ? { ...spec, env: redacted } : spec;
}

/**
 * A deployment as the API may show it: a plaintext value under a secret-like env name (a
 * row stored before secrets were Secrets, until the recovery task moves it into the
 * deployment's Secret) replaced by {@link REDACTED_ENV_VALUE}, in the spec and in an
 * update's target.
 *
 * @public
 */
export function redactPlainSecrets<T extends DeploymentInfo>(info: T): T {
  const spec = redactEnv(info.spec);
  const target = redactEnv(info.operation?.target);
  if (spec === info.spec && target === info.operation?.target) return info;
  return {
    ...info,
    spec: spec!,
    ...(info.operation ? { operation: { ...info.operation, target } } : {}),
  };
}
