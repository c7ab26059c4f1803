/**
 * Authorization for the simulator: two roles, decided by the bearer token. The admin token
 * may do everything (kube's `cluster-admin`); the read-only token may only `get`, `list`
 * and `watch` (kube's `view`, without its secret restriction). Refusals use kube's words,
 * so callers can test their "not allowed" paths.
 */

/** What a token may do. @public */
export type SimulatorRole = 'admin' | 'read-only';

/** Who a request comes from. @public */
export interface SimulatorUser {
  name: string;
  groups: string[];
  role: SimulatorRole;
}

/** The user behind the admin token (and behind anonymous requests when allowed). @public */
export const ADMIN_USER: SimulatorUser = {
  name: 'karmada-sim:admin',
  groups: ['system:masters', 'system:authenticated'],
  role: 'admin',
};

/** The user behind the read-only token. @public */
export const READ_ONLY_USER: SimulatorUser = {
  name: 'karmada-sim:viewer',
  groups: ['system:authenticated'],
  role: 'read-only',
};

/** The verbs the read-only role has, as kube's `view` ClusterRole grants them. @public */
export const READ_ONLY_VERBS: readonly string[] = ['get', 'list', 'watch'];

/**
 * An authorizer request, as `authorizer.Attributes` carries it: a resource request (`resource`
 * set) or a non-resource one (`path`).
 * @public
 */
export interface AuthzAttributes {
  verb: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** For non-resource requests (`/version`, `/apis`, ...). */
  path?: string;
}

/** The decision, with kube's reason (RBAC's wording) and its `Forbidden` message. @public */
export interface AuthzDecision {
  allowed: boolean;
  /** The `status.reason` of a SelfSubjectAccessReview. */
  reason: string;
  /** When refused: the part after `is forbidden: `, as kube's `forbiddenMessage` words it. */
  message?: string;
}

/** Reviews about oneself are allowed to every authenticated user (`system:basic-user`). */
function isSelfReview(a: AuthzAttributes): boolean {
  return (
    a.verb === 'create' &&
    a.group === 'authorization.k8s.io' &&
    (a.resource === 'selfsubjectaccessreviews' ||
      a.resource === 'selfsubjectrulesreviews')
  );
}

/** kube's `forbiddenMessage` (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters). */
export function forbiddenMessage(
  user: SimulatorUser,
  a: AuthzAttributes,
): string {
  if (!a.resource) {
    return `User "${user.name}" cannot ${a.verb} path "${a.path ?? ''}"`;
  }
  const resource = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource;
  const where = a.namespace
    ? `in the namespace "${a.namespace}"`
    : 'at the cluster scope';
  return `User "${user.name}" cannot ${
    a.verb
  } resource "${resource}" in API group "${a.group ?? ''}" ${where}`;
}

/**
 * Decides a request, as RBAC would with `cluster-admin` bound to the admin user and `view`
 * (plus `system:basic-user` and `system:discovery`) bound to the read-only one.
 * @public
 */
export function authorize(
  user: SimulatorUser,
  a: AuthzAttributes,
): AuthzDecision {
  if (user.role === 'admin') {
    return {
      allowed: true,
      reason: `RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"`,
    };
  }
  if (isSelfReview(a)) {
    return {
      allowed: true,
      reason: `RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"`,
    };
  }
  if (!a.resource) {
    if (a.verb === 'get') {
      return {
        allowed: true,
        reason: `RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"`,
      };
    }
    return { allowed: false, reason: '', message: forbiddenMessage(user, a) };
  }
  // Karmada's cluster proxy is authorized as `<verb> clusters/proxy`; `view` grants none of
  // it, so the read-only role gets the read verbs of it only (what the portal needs).
  if (READ_ONLY_VERBS.includes(a.verb)) {
    return {
      allowed: true,
      reason: `RBAC: allowed by ClusterRoleBinding "karmada-sim:view" of ClusterRole "view" to User "${user.name}"`,
    };
  }
  return { allowed: false, reason: '', message: forbiddenMessage(user, a) };
}

/** The authorizer verb of an HTTP request to a resource path. @public */
export function requestVerb(
  method: string,
  opts: { named: boolean; watch: boolean },
): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (opts.watch) return 'watch';
      return opts.named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return opts.named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** The authorizer verb of a request through Karmada's cluster proxy (`ConnectMethods`). */
export function proxyVerb(method: string): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLowerCase();
  }
}

/** A rule of a SelfSubjectRulesReview's `status.resourceRules`. @public */
export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
}

/** A rule of a SelfSubjectRulesReview's `status.nonResourceRules`. @public */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}

/**
 * What RBAC's rule resolver lists for a user (`SelfSubjectRulesReview`, `kubectl auth can-i
 * --list`): the rules of each ClusterRole bound to it, in the order of the bindings' names
 * (`cluster-admin` or the read-only `karmada-sim:view`, then `system:basic-user`,
 * `system:discovery`, `system:public-info-viewer`), split into resource and non-resource
 * rules. The roles' rules are the bootstrap policy's
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, `ClusterRoles`); the
 * read-only role is `view` as the simulator grants it (get, list and watch on everything).
 * @public
 */
export function rulesFor(user: SimulatorUser): {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
} {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  if (user.role === 'admin') {
    // cluster-admin
    resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
  } else {
    resourceRules.push({
      verbs: [...READ_ONLY_VERBS],
      apiGroups: ['*'],
      resources: ['*'],
    });
  }
  // system:basic-user
  resourceRules.push({
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  });
  // system:discovery
  nonResourceRules.push({
    verbs: ['get'],
    nonResourceURLs: [
      '/livez',
      '/readyz',
      '/healthz',
      '/version',
      '/version/',
      '/openapi',
      '/openapi/*',
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
    ],
  });
  // system:public-info-viewer
  nonResourceRules.push({
    verbs: ['get'],
    nonResourceURLs: ['/livez', '/readyz', '/healthz', '/version', '/version/'],
  });
  return { resourceRules, nonResourceRules };
}
