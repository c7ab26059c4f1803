import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  hmasAuditReadPermission,
  hmasClusterCreatePermission,
  hmasClusterLabelsUpdatePermission,
  hmasClusterReadPermission,
  hmasDeploymentCreatePermission,
  hmasDeploymentDeletePermission,
  hmasDeploymentReadPermission,
  hmasDeploymentUpdatePermission,
  hmasPermissions,
  hmasPolicyCreatePermission,
  hmasPolicyDeletePermission,
  hmasPolicyReadPermission,
  hmasPolicyUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import {
  HmasPermissionPolicy,
  hmasPolicyDecision,
} from './HmasPermissionPolicy';

const researcher = {
  ownershipEntityRefs: ['user:default/rita', 'group:default/ml-research'],
};
const admin = {
  ownershipEntityRefs: ['user:default/pat', 'group:default/platform-team'],
};

const ownerCondition = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'hmas',
  resourceType: 'hmas-deployment',
  conditions: {
    rule: 'IS_OWNER',
    resourceType: 'hmas-deployment',
    params: { claims: researcher.ownershipEntityRefs },
  },
};

const ALLOW = { result: AuthorizeResult.ALLOW };
const DENY = { result: AuthorizeResult.DENY };

describe('hmasPolicyDecision', () => {
  const table = [
    // permission, researcher, admin, service principal
    [hmasAuditReadPermission, ALLOW, ALLOW, ALLOW],
    [hmasClusterReadPermission, ALLOW, ALLOW, ALLOW],
    [hmasPolicyReadPermission, ALLOW, ALLOW, ALLOW],
    [hmasDeploymentReadPermission, ALLOW, ALLOW, ALLOW],
    [hmasClusterCreatePermission, DENY, ALLOW, DENY],
    [hmasClusterLabelsUpdatePermission, DENY, ALLOW, DENY],
    [hmasPolicyCreatePermission, DENY, ALLOW, DENY],
    [hmasPolicyUpdatePermission, DENY, ALLOW, DENY],
    [hmasPolicyDeletePermission, DENY, ALLOW, DENY],
    [hmasDeploymentCreatePermission, ALLOW, ALLOW, DENY],
    [hmasDeploymentUpdatePermission, ownerCondition, ALLOW, DENY],
    [hmasDeploymentDeletePermission, ownerCondition, ALLOW, DENY],
  ] as const;
  it.each(table.map(([p, ...rest]) => [p.name, p, ...rest] as const))(
    '%s: researcher, admin, service principal',
    (_name, permission, r, a, s) => {
      expect(hmasPolicyDecision({ permission }, researcher)).toEqual(r);
      expect(hmasPolicyDecision({ permission }, admin)).toEqual(a);
      expect(hmasPolicyDecision({ permission }, undefined)).toEqual(s);
    },
  );

  it('decides every H-MAS permission, and no other', () => {
    for (const permission of hmasPermissions) {
      expect(hmasPolicyDecision({ permission }, researcher)).toBeDefined();
    }
    expect(
      hmasPolicyDecision(
        {
          permission: {
            type: 'basic',
            name: 'catalog.entity.create',
            attributes: { action: 'create' },
          },
        },
        researcher,
      ),
    ).toBeUndefined();
  });

  it('takes the admin refs it is given', () => {
    const permission = hmasClusterCreatePermission;
    expect(
      hmasPolicyDecision({ permission }, researcher, [
        'group:default/ml-research',
      ]),
    ).toEqual(ALLOW);
    expect(
      hmasPolicyDecision({ permission }, admin, ['group:default/sre']),
    ).toEqual(DENY);
  });
});

describe('HmasPermissionPolicy', () => {
  const userInfo = {
    getUserInfo: jest.fn(async () => ({
      userEntityRef: 'user:default/rita',
      ownershipEntityRefs: researcher.ownershipEntityRefs,
    })),
  };
  const user = {
    credentials: mockCredentials.user('user:default/rita'),
    info: {
      userEntityRef: 'user:default/rita',
      ownershipEntityRefs: researcher.ownershipEntityRefs,
    },
  };

  it('reads the caller ownership and decides the H-MAS permissions', async () => {
    const policy = new HmasPermissionPolicy({ userInfo });
    expect(
      await policy.handle({ permission: hmasDeploymentUpdatePermission }, user),
    ).toEqual(ownerCondition);
    expect(
      await policy.handle({ permission: hmasPolicyCreatePermission }, user),
    ).toEqual(DENY);
    expect(
      await policy.handle({ permission: hmasClusterCreatePermission }),
    ).toEqual(DENY);
  });

  it('leaves other permissions to the fallback (default allow)', async () => {
    const other = {
      permission: {
        type: 'basic' as const,
        name: 'catalog.entity.delete',
        attributes: { action: 'delete' as const },
      },
    };
    expect(
      await new HmasPermissionPolicy({ userInfo }).handle(other, user),
    ).toEqual(ALLOW);
    const fallback = { handle: jest.fn(async () => DENY) };
    expect(
      await new HmasPermissionPolicy({ userInfo, fallback }).handle(
        other,
        user,
      ),
    ).toEqual(DENY);
    expect(fallback.handle).toHaveBeenCalledWith(other, user);
  });
});
