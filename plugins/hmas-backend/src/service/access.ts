import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRule,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import type { AuditSource, AuditTargetKind } from '@h-mas/plugin-hmas-common';
import {
  hmasDeploymentPermissionRules,
  HmasDeploymentQuery,
  HmasDeploymentResource,
} from '@h-mas/plugin-hmas-node';
import type { AuditStore } from '../database/AuditStore';
import type { WriteContext } from './ClusterService';
import type { parseInput as ParseInput } from './router';
import { TtlCache } from './TtlCache';

/**
 * A request of any route, as {@link HmasAccess} reads it: its credentials.
 *
 * @internal
 */
export type HmasRequest = Parameters<HttpAuthService['credentials']>[0];

/** Who is asking, for the audit log, with their credentials. */
export type Caller = WriteContext & { credentials: BackstageCredentials };

/**
 * What a list may show: everything, nothing, or the rows the policy's conditions select (a
 * database filter).
 *
 * @internal
 */
export type ListAccess =
  | { result: 'all' }
  | { result: 'none' }
  | { result: 'some'; criteria: PermissionCriteria<HmasDeploymentQuery> };

/** The subject the scaffolder's on-behalf-of and service tokens carry. */
const SCAFFOLDER_SUBJECT = 'plugin:scaffolder';

/**
 * The audit source of a caller, from its credentials alone (no header a caller could set):
 * the scaffolder's on-behalf-of token (a user principal whose actor is `plugin:scaffolder`) or
 * its own service token → `scaffolder`; a user's own token, which only the portal's sign-in
 * issues → `ui`; any other service or external-access token (scripts, notebooks, other
 * plugins) → `api`.
 *
 * @internal
 */
export function auditSourceOf(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
): AuditSource {
  if (auth.isPrincipal(credentials, 'user')) {
    const actor = credentials.principal.actor?.subject;
    if (!actor) return 'ui';
    return actor === SCAFFOLDER_SUBJECT ? 'scaffolder' : 'api';
  }
  if (auth.isPrincipal(credentials, 'service')) {
    return credentials.principal.subject === SCAFFOLDER_SUBJECT
      ? 'scaffolder'
      : 'api';
  }
  return 'api';
}

/**
 * Who called the inference gateway, as its usage is counted: the user's entity ref, or
 * `service:<subject>` for a service principal (another plugin, an external-access token).
 *
 * @internal
 */
export function usageCallerOf(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
): string {
  if (auth.isPrincipal(credentials, 'user')) {
    return credentials.principal.userEntityRef;
  }
  if (auth.isPrincipal(credentials, 'service')) {
    return `service:${credentials.principal.subject}`;
  }
  return 'unknown';
}

/**
 * The permission checks of every route: who is asking (actor and source for the audit log),
 * basic permissions, resource permissions on one deployment (a conditional decision is applied
 * to the row with the registered rules), and the filter a list applies.
 *
 * @internal
 */
export class HmasAccess {
  private readonly toQuery: ConditionTransformer<HmasDeploymentQuery>;
  private readonly isAllowed: (
    decision: PolicyDecision,
    resource: HmasDeploymentResource | undefined,
  ) => boolean;
  private readonly decisions: TtlCache<string, PolicyDecision>;

  constructor(
    private readonly deps: {
      auth: AuthService;
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      /**
       * The deployment rules as registered (`permissionsRegistry.getPermissionRuleset`), so
       * rules other modules add filter lists too; default the rules of this plugin.
       */
      deploymentRules?: DeploymentRuleset;
      /**
       * How long a caller's policy decision on a resource permission is reused, in ms
       * (default 0: every request asks the permission backend). The inference gateway sets
       * it, so a stream of calls costs one decision; a changed policy or ownership then
       * applies within this time. Conditions are still applied to each row.
       */
      decisionCacheMs?: number;
    },
  ) {
    this.decisions = new TtlCache(deps.decisionCacheMs ?? 0);
    const ruleset: DeploymentRuleset = deps.deploymentRules ?? {
      getRuleByName: name => {
        const rule = Object.values(hmasDeploymentPermissionRules).find(
          r => r.name === name,
        );
        if (!rule) throw new Error(`Unknown hmas-deployment rule ${name}`);
        return rule as PermissionRule<
          HmasDeploymentResource,
          HmasDeploymentQuery,
          string
        >;
      },
    };
    this.toQuery = createConditionTransformer(ruleset);
    this.isAllowed = createConditionAuthorizer(ruleset);
  }

  /** The caller of a request: credentials, the actor and the audit source. */
  async caller(req: HmasRequest): Promise<Caller> {
    const { auth, httpAuth } = this.deps;
    const credentials = await httpAuth.credentials(req);
    let actor = 'unknown';
    if (auth.isPrincipal(credentials, 'user')) {
      actor = credentials.principal.userEntityRef;
    } else if (auth.isPrincipal(credentials, 'service')) {
      actor = credentials.principal.subject;
    }
    return { actor, source: auditSourceOf(auth, credentials), credentials };
  }

  /** The caller as the inference gateway's usage counts it ({@link usageCallerOf}). */
  usageCaller(caller: Caller): string {
    return usageCallerOf(this.deps.auth, caller.credentials);
  }

  /**
   * Checks a basic permission and returns the caller; a NotAllowedError with `refusal` when
   * denied.
   */
  async authorize(
    req: HmasRequest,
    permission: BasicPermission,
    refusal: string,
  ): Promise<Caller> {
    const caller = await this.caller(req);
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials: caller.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
    return caller;
  }

  /**
   * Checks a resource permission on one deployment: a conditional decision is applied to the
   * row here, with the registered rules (as the catalog does for an entity), which saves the
   * permission backend a call back to this plugin. A NotAllowedError with `refusal` when
   * denied.
   */
  async authorizeResource(
    req: HmasRequest,
    permission: ResourcePermission<'hmas-deployment'>,
    resource: HmasDeploymentResource,
    refusal: string,
  ): Promise<Caller> {
    const { caller, decision } = await this.decide(req, permission);
    if (!this.isAllowed(decision, resource)) {
      throw new NotAllowedError(refusal);
    }
    return caller;
  }

  /** What a list of deployments may show under a resource permission. */
  async listAccess(
    req: HmasRequest,
    permission: ResourcePermission<'hmas-deployment'>,
  ): Promise<ListAccess & { caller: Caller }> {
    const { caller, decision } = await this.decide(req, permission);
    if (decision.result === AuthorizeResult.ALLOW) {
      return { result: 'all', caller };
    }
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return {
        result: 'some',
        criteria: this.toQuery(decision.conditions),
        caller,
      };
    }
    return { result: 'none', caller };
  }

  /** The caller and the policy's decision (definitive or conditions) on a resource permission. */
  private async decide(
    req: HmasRequest,
    permission: ResourcePermission<'hmas-deployment'>,
  ) {
    const caller = await this.caller(req);
    const { auth } = this.deps;
    // Only a user's or a service's decision is reused: keyed by who they are.
    let who: string | undefined;
    if (auth.isPrincipal(caller.credentials, 'user')) {
      who = `user:${caller.credentials.principal.userEntityRef}`;
    } else if (auth.isPrincipal(caller.credentials, 'service')) {
      who = `service:${caller.credentials.principal.subject}`;
    }
    const ask = async () =>
      (
        await this.deps.permissions.authorizeConditional([{ permission }], {
          credentials: caller.credentials,
        })
      )[0];
    const decision = who
      ? await this.decisions.through(`${permission.name}\n${who}`, ask)
      : await ask();
    return { caller, decision };
  }
}

/**
 * What the routes of a resource get from the router: the permission check, the audit of a
 * failed write and input parsing.
 *
 * @internal
 */
export interface RouteAccess {
  /** Checks a permission (a NotAllowedError when refused) and returns who is asking. */
  authorize: (
    req: HmasRequest,
    permission: BasicPermission,
    refusal: string,
  ) => Promise<WriteContext>;
  /** Audits a write that fails (the router's `auditFailures`). */
  audited: Audited;
  /** The router's `parseInput`: bad input becomes an InputError naming the fields. */
  parseInput: typeof ParseInput;
}

/**
 * The deployment permission rules as registered.
 *
 * @internal
 */
export type DeploymentRuleset = PermissionRuleset<
  HmasDeploymentResource,
  HmasDeploymentQuery
>;

/** What a write is about, for its audit entry when it fails. */
export interface AuditTarget {
  action: string;
  targetKind: AuditTargetKind;
  targetName: string;
}

/**
 * Runs a write and, when it fails after it was attempted, audits the failure (outcome
 * `failed`, the error in `details.error`) before the error goes on to the caller. Not audited,
 * because nothing was written: bad input (`InputError`), a target that does not exist
 * (`NotFoundError`) and a conflict with the current state (`ConflictError`: a name taken, a
 * stale resourceVersion; a retried scaffolder task that adopts its own earlier create gets
 * one). A write that succeeds audits itself, in its own transaction.
 *
 * @internal
 */
export type Audited = <T>(
  caller: WriteContext,
  target: AuditTarget,
  write: () => Promise<T>,
) => Promise<T>;

/** Errors a write answers before it writes anything. */
const NOTHING_WRITTEN = new Set([
  'InputError',
  'NotFoundError',
  'ConflictError',
]);

/**
 * An {@link Audited} that records failures in `auditStore`; a failure to record one is logged
 * and does not hide the write's own error.
 *
 * @internal
 */
export function auditFailures(
  auditStore: Pick<AuditStore, 'append'>,
  logger: Pick<LoggerService, 'warn'>,
): Audited {
  return async (caller, target, write) => {
    try {
      return await write();
    } catch (error) {
      const e = error as Error;
      if (!NOTHING_WRITTEN.has(e?.name)) {
        await auditStore
          .append({
            actor: caller.actor,
            source: caller.source,
            ...target,
            outcome: 'failed',
            summary: `failed: ${e?.message ?? String(error)}`.slice(0, 1000),
            details: { error: { name: e?.name, message: e?.message } },
          })
          .catch(auditError =>
            logger.warn(
              `Could not audit the failed ${target.action} of ${target.targetName}: ${auditError}`,
            ),
          );
      }
      throw error;
    }
  };
}
