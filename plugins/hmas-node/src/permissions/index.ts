import {
  HMAS_DEPLOYMENT_RESOURCE_TYPE,
  hmasDeploymentDeletePermission,
  hmasDeploymentReadPermission,
  hmasDeploymentUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/**
 * What the deployment permission rules look at: the identity and ownership of a deployment
 * (a row of the H-MAS backend, or a `DeploymentInfo`).
 *
 * @public
 */
export type HmasDeploymentResource = {
  id: string;
  namespace: string;
  name: string;
  owner: string;
};

/**
 * A deployment permission condition as a database filter: the property must be one of the
 * values. The H-MAS backend turns a policy's conditions into a SQL `where` with these, so a
 * list is filtered in the database, not after it.
 *
 * @public
 */
export type HmasDeploymentQuery = {
  property: 'owner' | 'namespace';
  values: string[];
};

/**
 * The permission resource ref of model deployments (plugin `hmas`, type `hmas-deployment`).
 *
 * @public
 */
export const hmasDeploymentResourceRef = createPermissionResourceRef<
  HmasDeploymentResource,
  HmasDeploymentQuery
>().with({ pluginId: 'hmas', resourceType: HMAS_DEPLOYMENT_RESOURCE_TYPE });

/**
 * `IS_OWNER`: the deployment is owned by one of `claims` — in a policy, the caller's ownership
 * refs (the user and their groups).
 *
 * @public
 */
export const isDeploymentOwner = createPermissionRule({
  name: 'IS_OWNER',
  description:
    'Allow deployments owned by one of the given entity refs (the caller and its groups)',
  resourceRef: hmasDeploymentResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the ownership refs of the caller'),
  }),
  apply: (resource, { claims }) => claims.includes(resource.owner),
  toQuery: ({ claims }) => ({ property: 'owner', values: claims }),
});

/**
 * `HAS_NAMESPACE`: the deployment is in one of `namespaces` (e.g. a team's namespaces).
 *
 * @public
 */
export const hasDeploymentNamespace = createPermissionRule({
  name: 'HAS_NAMESPACE',
  description: 'Allow deployments in one of the given Kubernetes namespaces',
  resourceRef: hmasDeploymentResourceRef,
  paramsSchema: z.object({
    namespaces: z.array(z.string()).describe('Kubernetes namespaces'),
  }),
  apply: (resource, { namespaces }) => namespaces.includes(resource.namespace),
  toQuery: ({ namespaces }) => ({ property: 'namespace', values: namespaces }),
});

/**
 * The permission rules of model deployments, as registered by the H-MAS backend.
 *
 * @public
 */
export const hmasDeploymentPermissionRules = {
  isDeploymentOwner,
  hasDeploymentNamespace,
};

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: hmasDeploymentResourceRef,
  rules: hmasDeploymentPermissionRules,
});

/**
 * Conditions a permission policy returns for the deployment permissions, e.g.
 * `hmasDeploymentConditions.isDeploymentOwner({ claims: ownershipEntityRefs })`.
 *
 * @public
 */
export const hmasDeploymentConditions = conditions;

/**
 * Makes a conditional decision for a deployment resource permission
 * (`hmas.deployment.read|update|delete`).
 *
 * @public
 */
export const createHmasDeploymentConditionalDecision =
  createConditionalDecision;

/**
 * The resource permissions of model deployments.
 *
 * @public
 */
export const hmasDeploymentResourcePermissions = [
  hmasDeploymentReadPermission,
  hmasDeploymentUpdatePermission,
  hmasDeploymentDeletePermission,
];
