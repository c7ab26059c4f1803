import {
  ADMIN_USER,
  authorize,
  forbiddenMessage,
  proxyVerb,
  READ_ONLY_USER,
  requestVerb,
  type AuthzAttributes,
} from './authz';

describe('authorize', () => {
  const cases: Array<[string, AuthzAttributes, boolean, boolean]> = [
    // name, attributes, admin allowed, read-only allowed
    [
      'get a deployment',
      {
        verb: 'get',
        group: 'apps',
        resource: 'deployments',
        namespace: 'default',
        name: 'web',
      },
      true,
      true,
    ],
    [
      'list policies',
      {
        verb: 'list',
        group: 'policy.karmada.io',
        resource: 'propagationpolicies',
      },
      true,
      true,
    ],
    [
      'watch bindings',
      { verb: 'watch', group: 'work.karmada.io', resource: 'resourcebindings' },
      true,
      true,
    ],
    [
      'create a deployment',
      {
        verb: 'create',
        group: 'apps',
        resource: 'deployments',
        namespace: 'default',
      },
      true,
      false,
    ],
    [
      'update a policy',
      {
        verb: 'update',
        group: 'policy.karmada.io',
        resource: 'propagationpolicies',
        namespace: 'default',
        name: 'p',
      },
      true,
      false,
    ],
    [
      'patch a cluster',
      {
        verb: 'patch',
        group: 'cluster.karmada.io',
        resource: 'clusters',
        name: 'c',
      },
      true,
      false,
    ],
    [
      'delete a configmap',
      {
        verb: 'delete',
        group: '',
        resource: 'configmaps',
        namespace: 'default',
        name: 'c',
      },
      true,
      false,
    ],
    [
      'deletecollection',
      {
        verb: 'deletecollection',
        group: '',
        resource: 'pods',
        namespace: 'default',
      },
      true,
      false,
    ],
    [
      'update a status',
      {
        verb: 'update',
        group: 'apps',
        resource: 'deployments',
        subresource: 'status',
        namespace: 'default',
        name: 'web',
      },
      true,
      false,
    ],
    [
      'get through the cluster proxy',
      {
        verb: 'get',
        group: 'cluster.karmada.io',
        resource: 'clusters',
        subresource: 'proxy',
        name: 'm',
      },
      true,
      true,
    ],
    [
      'create through the cluster proxy',
      {
        verb: 'create',
        group: 'cluster.karmada.io',
        resource: 'clusters',
        subresource: 'proxy',
        name: 'm',
      },
      true,
      false,
    ],
    [
      'a self access review',
      {
        verb: 'create',
        group: 'authorization.k8s.io',
        resource: 'selfsubjectaccessreviews',
      },
      true,
      true,
    ],
    ['get /version', { verb: 'get', path: '/version' }, true, true],
    ['post a non-resource path', { verb: 'post', path: '/logs' }, true, false],
  ];
  it.each(cases)('%s', (_name, attrs, admin, readOnly) => {
    expect(authorize(ADMIN_USER, attrs).allowed).toBe(admin);
    expect(authorize(READ_ONLY_USER, attrs).allowed).toBe(readOnly);
  });

  it('gives RBAC reasons and no reason when denied', () => {
    expect(
      authorize(ADMIN_USER, { verb: 'delete', group: '', resource: 'pods' }),
    ).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    });
    expect(
      authorize(READ_ONLY_USER, {
        verb: 'create',
        group: 'apps',
        resource: 'deployments',
        namespace: 'team-a',
      }),
    ).toEqual({
      allowed: false,
      reason: '',
      message:
        'User "karmada-sim:viewer" cannot create resource "deployments" in API group "apps" in the namespace "team-a"',
    });
  });
});

describe('forbiddenMessage', () => {
  it.each<[AuthzAttributes, string]>([
    [
      {
        verb: 'update',
        group: 'policy.karmada.io',
        resource: 'propagationpolicies',
        namespace: 'default',
        name: 'p',
      },
      'User "karmada-sim:viewer" cannot update resource "propagationpolicies" in API group "policy.karmada.io" in the namespace "default"',
    ],
    [
      {
        verb: 'patch',
        group: 'cluster.karmada.io',
        resource: 'clusters',
        name: 'c',
      },
      'User "karmada-sim:viewer" cannot patch resource "clusters" in API group "cluster.karmada.io" at the cluster scope',
    ],
    [
      {
        verb: 'create',
        group: 'cluster.karmada.io',
        resource: 'clusters',
        subresource: 'proxy',
        name: 'm',
      },
      'User "karmada-sim:viewer" cannot create resource "clusters/proxy" in API group "cluster.karmada.io" at the cluster scope',
    ],
    [
      { verb: 'delete', group: '', resource: 'pods', namespace: 'x' },
      'User "karmada-sim:viewer" cannot delete resource "pods" in API group "" in the namespace "x"',
    ],
    [
      { verb: 'post', path: '/logs' },
      'User "karmada-sim:viewer" cannot post path "/logs"',
    ],
  ])('%j', (attrs, message) => {
    expect(forbiddenMessage(READ_ONLY_USER, attrs)).toBe(message);
  });
});

describe('verbs', () => {
  it.each<[string, boolean, boolean, string]>([
    ['GET', true, false, 'get'],
    ['GET', false, false, 'list'],
    ['GET', false, true, 'watch'],
    ['POST', false, false, 'create'],
    ['PUT', true, false, 'update'],
    ['PATCH', true, false, 'patch'],
    ['DELETE', true, false, 'delete'],
    ['DELETE', false, false, 'deletecollection'],
  ])('%s named=%s watch=%s is %s', (method, named, watch, verb) => {
    expect(requestVerb(method, { named, watch })).toBe(verb);
  });
  it.each([
    ['GET', 'get'],
    ['POST', 'create'],
    ['PUT', 'update'],
    ['PATCH', 'patch'],
    ['DELETE', 'delete'],
  ])('proxy %s is %s', (method, verb) => {
    expect(proxyVerb(method)).toBe(verb);
  });
});
