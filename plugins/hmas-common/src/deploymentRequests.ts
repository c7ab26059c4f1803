import { z } from 'zod';
import { placeableZoneSchema } from './clusters/zones';
import { canonicalEntityRef, deploymentEnvSchema } from './deployments/spec';
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
