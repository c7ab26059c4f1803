import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  HMAS_DEPLOYMENT_RESOURCE_TYPE,
  hmasDeploymentCreatePermission,
} from '@h-mas/plugin-hmas-common';
import {
  createHmasDeploymentConditionalDecision,
  hmasDeploymentConditions,
} from '@h-mas/plugin-hmas-node';

/**
 * The entity refs that administer H-MAS when `hmas.permissions.adminRefs` is not set.
 *
 * @public
 */
export const DEFAULT_HMAS_ADMIN_REFS = ['group:default/platform-team'];

/** @public */
export interface HmasPermissionPolicyOptions {
  /** Reads the caller's ownership refs (the user and their groups). */
  userInfo: Pick<UserInfoService, 'getUserInfo'>;
  /** Members of these entity refs are admins; default {@link DEFAULT_HMAS_ADMIN_REFS}. */
  adminRefs?: string[];
  /**
   * Decides every permission that is not an H-MAS one (`hmas.*`); default: allow, as the
   * allow-all policy this one replaces did. An adopter passes their own policy here.
   */
  fallback?: PermissionPolicy;
}

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The H-MAS rules as a decision of one `hmas.*` permission, for a caller with these ownership
 * refs (none for a service principal), or `undefined` for a permission that is not H-MAS's.
 * Pure, so an adopter's own policy can call it for the H-MAS permissions:
 *
 * - everyone reads (`action: read`);
 * - admins (members of `adminRefs`) may do everything;
 * - any signed-in user creates deployments, and changes or deletes those they or one of
 *   their groups own (a conditional decision, `IS_OWNER`);
 * - nobody else writes clusters, policies, presets or team namespaces.
 *
 * A request without a user is denied every write; Backstage's permissions service does not
 * ask the policy about service-to-service calls at all (it allows them), so a plugin's or an
 * external-access token's writes are bounded by `backend.auth.externalAccess` access
 * restrictions, not here.
 *
 * @public
 */
export function hmasPolicyDecision(
  request: PolicyQuery,
  caller: { ownershipEntityRefs: string[] } | undefined,
  adminRefs: string[] = DEFAULT_HMAS_ADMIN_REFS,
): PolicyDecision | undefined {
  const { permission } = request;
  if (!permission.name.startsWith('hmas.')) return undefined;
  if (permission.attributes.action === 'read') return ALLOW;
  if (!caller) return DENY;
  if (caller.ownershipEntityRefs.some(ref => adminRefs.includes(ref))) {
    return ALLOW;
  }
  if (permission.name === hmasDeploymentCreatePermission.name) return ALLOW;
  if (isResourcePermission(permission, HMAS_DEPLOYMENT_RESOURCE_TYPE)) {
    return createHmasDeploymentConditionalDecision(
      permission,
      hmasDeploymentConditions.isDeploymentOwner({
        claims: caller.ownershipEntityRefs,
      }),
    );
  }
  return DENY;
}

/**
 * The permission policy the H-MAS portal ships: {@link hmasPolicyDecision} for the H-MAS
 * permissions, `fallback` (default allow) for every other one.
 *
 * @public
 */
export class HmasPermissionPolicy implements PermissionPolicy {
  private readonly adminRefs: string[];

  constructor(private readonly options: HmasPermissionPolicyOptions) {
    this.adminRefs = options.adminRefs ?? DEFAULT_HMAS_ADMIN_REFS;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!request.permission.name.startsWith('hmas.')) {
      return this.options.fallback
        ? this.options.fallback.handle(request, user)
        : ALLOW;
    }
    const caller = user ? await this.ownershipOf(user.credentials) : undefined;
    return hmasPolicyDecision(request, caller, this.adminRefs)!;
  }

  private async ownershipOf(credentials: BackstageCredentials) {
    const { ownershipEntityRefs } = await this.options.userInfo.getUserInfo(
      credentials,
    );
    return { ownershipEntityRefs };
  }
}
