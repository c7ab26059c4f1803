import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConflictError, InputError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { HmasActionOptions } from '../hmasClient';
import { createHmasOverridePolicyAction } from './createOverridePolicy';
import { createHmasPropagationPolicyAction } from './createPropagationPolicy';

const selectors = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }];

/** Both policy actions, each with a spec of its kind and a different one. */
const actions: Array<{
  id: string;
  kind: string;
  plural: string;
  factory: (options: HmasActionOptions) => TemplateAction<any, any>;
  spec: object;
  other: object;
  invalidField: string;
}> = [
  {
    id: 'hmas:policy:propagation:create',
    kind: 'PropagationPolicy',
    plural: 'propagationpolicies',
    factory: createHmasPropagationPolicyAction,
    spec: {
      resourceSelectors: selectors,
      placement: { clusterAffinity: { clusterNames: ['c1'] } },
    },
    other: {
      resourceSelectors: selectors,
      placement: { clusterAffinity: { clusterNames: ['c2'] } },
    },
    invalidField:
      'spec.failover.application.gracePeriodSeconds: must be greater than 0',
  },
  {
    id: 'hmas:policy:override:create',
    kind: 'OverridePolicy',
    plural: 'overridepolicies',
    factory: createHmasOverridePolicyAction,
    spec: {
      resourceSelectors: selectors,
      overrideRules: [
        {
          targetCluster: { clusterNames: ['c1'] },
          overriders: {
            plaintext: [
              {
                path: '/spec/template/spec/schedulerName',
                operator: 'replace',
                value: 'volcano',
              },
            ],
          },
        },
      ],
    },
    other: {
      resourceSelectors: selectors,
      overrideRules: [
        {
          targetCluster: { clusterNames: ['c2'] },
          overriders: { labelsOverrider: [{ operator: 'add', value: {} }] },
        },
      ],
    },
    invalidField:
      'spec.overrideRules[0].overriders.plaintext[0].path: must start with /',
  },
];

describe.each(actions)(
  '$id',
  ({ kind, plural, factory, spec, other, invalidField }) => {
    it(`posts a ${kind} in the default namespace and outputs what was created`, async () => {
      const hmas = fakeHmas(call => ({
        status: 201,
        body: {
          ...(call.body as object),
          metadata: {
            name: 'web',
            namespace: 'default',
            resourceVersion: '42',
          },
        },
      }));
      const ctx = actionContext({ metadata: { name: 'web' }, spec });

      await factory(hmas.options).handler(ctx);

      expect(hmas.calls).toEqual([
        {
          method: 'POST',
          url: `${BASE_URL}/policies`,
          headers: {
            authorization: await hmas.expectedAuthorization(),
            'content-type': 'application/json',
          },
          body: {
            apiVersion: 'policy.karmada.io/v1alpha1',
            kind,
            metadata: { name: 'web', namespace: 'default' },
            spec,
          },
        },
      ]);
      expect(ctx.output).toHaveBeenCalledWith('name', 'web');
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'default');
      expect(ctx.output).toHaveBeenCalledWith('resourceVersion', '42');
    });

    it('keeps a given namespace', async () => {
      const hmas = fakeHmas(call => ({
        status: 201,
        body: {
          ...(call.body as object),
          metadata: { name: 'web', namespace: 'ml', resourceVersion: '9' },
        },
      }));
      const ctx = actionContext({
        metadata: { name: 'web', namespace: 'ml' },
        spec,
      });

      await factory(hmas.options).handler(ctx);

      expect(hmas.calls[0].body).toMatchObject({
        metadata: { name: 'web', namespace: 'ml' },
      });
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ml');
      expect(ctx.output).toHaveBeenCalledWith('resourceVersion', '9');
    });

    it('on a retry reads the existing policy by its plural and adopts it', async () => {
      const hmas = fakeHmas(call =>
        call.method === 'POST'
          ? errorAnswer(409, `${plural} "web" already exists`)
          : {
              status: 200,
              body: {
                kind,
                metadata: {
                  name: 'web',
                  namespace: 'default',
                  resourceVersion: '7',
                },
                // Karmada adds defaults: the stored spec holds more than was asked for.
                spec: { ...spec, priority: 0 },
              },
            },
      );
      const ctx = actionContext({ metadata: { name: 'web' }, spec });

      await factory(hmas.options).handler(ctx);

      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `POST ${BASE_URL}/policies`,
        `GET ${BASE_URL}/policies/${plural}/default/web`,
      ]);
      expect(ctx.output).toHaveBeenCalledWith('name', 'web');
      expect(ctx.output).toHaveBeenCalledWith('resourceVersion', '7');
    });

    it('on a conflict with a different policy of that name fails and outputs nothing', async () => {
      const hmas = fakeHmas(call =>
        call.method === 'POST'
          ? errorAnswer(409, `${plural} "web" already exists`)
          : {
              status: 200,
              body: {
                metadata: { name: 'web', namespace: 'default' },
                spec: other,
              },
            },
      );
      const ctx = actionContext({ metadata: { name: 'web' }, spec });

      const run = factory(hmas.options).handler(ctx);

      await expect(run).rejects.toThrow(ConflictError);
      await expect(run).rejects.toThrow(
        `${kind} default/web already exists with a different spec`,
      );
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('throws the backend’s 400 message, naming the field', async () => {
      const hmas = fakeHmas(() =>
        errorAnswer(400, `Invalid policy: ${invalidField}`),
      );
      const ctx = actionContext({ metadata: { name: 'web' }, spec });

      const run = factory(hmas.options).handler(ctx);

      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(invalidField);
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('reports a 503 with the status and the backend’s message', async () => {
      const hmas = fakeHmas(() => errorAnswer(503, 'Karmada is unreachable'));

      await expect(
        factory(hmas.options).handler(
          actionContext({ metadata: { name: 'web' }, spec }),
        ),
      ).rejects.toThrow(
        'H-MAS API POST /policies: Karmada is unreachable (503 Service Unavailable)',
      );
    });
  },
);
