import {
  applyConfiguration,
  managedFieldsAfterUpdate,
  managerOf,
  mergeApplied,
  type ManagedContext,
} from './apply';
import { StatusError } from './errors';
import type { KubeObject } from '../types';

const ctx = (time = '2024-05-01T10:00:00Z'): ManagedContext => ({
  builtin: true,
  apiVersion: 'apps/v1',
  time,
  statusSubresource: true,
});

function deployment(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team-a' },
    spec,
  };
}

const container = (extra: Record<string, unknown> = {}) => ({
  name: 'web',
  image: 'web:1',
  ...extra,
});

describe('mergeApplied', () => {
  it('merges keyed lists by key and replaces atomic lists', () => {
    const live = {
      containers: [container({ args: ['a'] }), { name: 'side', image: 's' }],
    };
    const out = mergeApplied(
      live,
      { containers: [{ name: 'web', image: 'web:2', args: ['b'] }] },
      undefined,
      true,
    );
    expect(out).toEqual({
      containers: [
        { name: 'web', image: 'web:2', args: ['b'] },
        { name: 'side', image: 's' },
      ],
    });
  });

  it('replaces lists of custom resources', () => {
    expect(
      mergeApplied(
        { containers: [{ name: 'a' }] },
        { containers: [{ name: 'b' }] },
        undefined,
        false,
      ),
    ).toEqual({ containers: [{ name: 'b' }] });
  });
});

describe('applyConfiguration', () => {
  const applied = deployment({
    replicas: 2,
    template: { spec: { containers: [container()] } },
  });

  it('records an Apply entry with the applied fields', () => {
    const out = applyConfiguration(undefined, applied, 'ci', false, ctx());
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'ci',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('conflicts with another manager over a different value, unless forced', () => {
    const live = applyConfiguration(undefined, applied, 'ci', false, ctx());
    const mine = deployment({ replicas: 5 });
    let error: StatusError | undefined;
    try {
      applyConfiguration(live, mine, 'other', false, ctx());
    } catch (e) {
      error = e as StatusError;
    }
    expect(error?.code).toBe(409);
    expect(error?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "ci" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "ci" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
    // The same value is shared ownership, not a conflict.
    const shared = applyConfiguration(
      live,
      deployment({ replicas: 2 }),
      'other',
      false,
      ctx(),
    );
    expect(shared.metadata.managedFields).toHaveLength(2);
    const forced = applyConfiguration(live, mine, 'other', true, ctx());
    expect(forced.spec.replicas).toBe(5);
    const ci = (forced.metadata.managedFields as any[]).find(
      e => e.manager === 'ci',
    );
    expect(ci.fieldsV1['f:spec']).not.toHaveProperty('f:replicas');
  });

  it('names several conflicts by manager; Update managers have no version', () => {
    const live = deployment({ replicas: 2, paused: false });
    live.metadata.managedFields = managedFieldsAfterUpdate(
      undefined,
      live,
      'kubectl',
      ctx(),
    );
    let message = '';
    try {
      applyConfiguration(
        live,
        deployment({ replicas: 3, paused: true }),
        'ci',
        false,
        ctx(),
      );
    } catch (e) {
      message = (e as StatusError).message;
    }
    expect(message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.paused\n- .spec.replicas',
    );
  });

  it('removes fields the manager no longer applies and nobody else owns', () => {
    const first = applyConfiguration(
      undefined,
      deployment({
        replicas: 2,
        paused: true,
        template: {
          spec: { containers: [container(), { name: 'side', image: 's' }] },
        },
      }),
      'ci',
      false,
      ctx(),
    );
    // Another manager also owns `paused`: it stays.
    const shared = applyConfiguration(
      first,
      deployment({ paused: true }),
      'ops',
      false,
      ctx(),
    );
    const next = applyConfiguration(
      shared,
      deployment({ template: { spec: { containers: [container()] } } }),
      'ci',
      false,
      ctx('2024-05-01T11:00:00Z'),
    );
    expect(next.spec).toEqual({
      paused: true,
      template: { spec: { containers: [container()] } },
    });
  });
});

describe('managedFieldsAfterUpdate', () => {
  it('gives changed fields to the updater and drops removed ones', () => {
    const v1 = deployment({ replicas: 2, paused: false });
    v1.metadata.managedFields = applyConfiguration(
      undefined,
      v1,
      'ci',
      false,
      ctx(),
    ).metadata.managedFields;
    const v2 = deployment({ replicas: 3 });
    expect(
      managedFieldsAfterUpdate(v1, v2, 'kubectl', ctx('2024-05-01T12:00:00Z')),
    ).toEqual([
      {
        manager: 'kubectl',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-05-01T12:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ]);
  });

  it('keeps entries as they are for a no-op write', () => {
    const v1 = deployment({ replicas: 2 });
    v1.metadata.managedFields = managedFieldsAfterUpdate(
      undefined,
      v1,
      'a',
      ctx(),
    );
    expect(
      managedFieldsAfterUpdate(v1, structuredClone(v1), 'b', ctx('later')),
    ).toEqual(v1.metadata.managedFields);
  });

  it('tracks only status on /status and not status on the main resource', () => {
    const obj = { ...deployment({ replicas: 1 }), status: { replicas: 1 } };
    const main = managedFieldsAfterUpdate(undefined, obj, 'a', ctx());
    expect(main?.[0].fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    const status = managedFieldsAfterUpdate(undefined, obj, 'k', {
      ...ctx(),
      subresource: 'status',
    });
    expect(status?.[0]).toMatchObject({
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:replicas': {} } },
    });
  });
});

describe('managerOf', () => {
  it.each([
    ['x', 'kubectl/v1.31.0 (linux/amd64)', 'x'],
    [null, 'kubectl/v1.31.0 (linux/amd64) kubernetes/abc', 'kubectl'],
    [null, undefined, ''],
  ])('%s / %s → %s', (param, ua, manager) => {
    expect(managerOf(param, ua)).toBe(manager);
  });
});
