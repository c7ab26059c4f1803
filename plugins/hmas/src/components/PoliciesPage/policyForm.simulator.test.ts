/**
 * @jest-environment node
 */
/* eslint-disable @backstage/no-mixed-plugin-imports -- test code only (devDependencies): the
   form's output goes to the real backend plugin and the Karmada simulator. */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import hmasPlugin from '@h-mas/plugin-hmas-backend';
import type { ZoneGroup } from '@h-mas/plugin-hmas-common';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import {
  buildPropagationPolicy,
  initialForm,
  matchingClusters,
  PolicyForm,
} from './policyForm';

jest.setTimeout(60_000);

const PREFIX = 'h-mas.io/';

/**
 * The policy form with `hmas.labels.prefix` set, against the real H-MAS backend and the
 * Karmada simulator over HTTP: the policy it builds must select, in Karmada, exactly the
 * clusters its preview shows (the zone groups the backend reports).
 */
describe('the policy form with a label prefix, on the simulator', () => {
  let karmada: EmbeddedKarmada;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
    const backend = await startTestBackend({
      features: [
        hmasPlugin,
        createServiceFactory({
          service: karmadaConnectionServiceRef,
          deps: {},
          factory: () => ({ url: karmada.url, token: karmada.token }),
        }),
        mockServices.rootConfig.factory({
          data: { hmas: { labels: { prefix: PREFIX } } },
        }),
      ],
    });
    const address = backend.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    baseUrl = `http://localhost:${port}/api/hmas`;
    stop = async () => {
      await backend.stop();
      await karmada.close();
    };
  });
  afterAll(() => stop());

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  async function zoneGroups(): Promise<ZoneGroup[]> {
    const { status, body } = await call('GET', '/clusters');
    expect(status).toBe(200);
    return body.zones;
  }

  /** The clusters Karmada scheduled the Deployment `name` onto, once it has. */
  async function scheduledClusters(name: string): Promise<string[]> {
    for (let i = 0; i < 200; i++) {
      const binding = karmada.sim.store
        .list('karmada', 'ResourceBinding')
        .items.find(b => b.metadata.name === `${name}-deployment`) as any;
      const clusters = binding?.spec?.clusters;
      if (clusters?.length) {
        return clusters.map((c: { name: string }) => c.name).sort();
      }
      await new Promise(r => setTimeout(r, 50));
    }
    return [];
  }

  it('places a Deployment on exactly the clusters of the zone its preview shows', async () => {
    // Under the prefix, only two clusters are GPU General; the seed's unprefixed gpu-tier
    // labels must not count.
    for (const name of ['gpu-gen-frankfurt', 'gpu-hp-tokyo']) {
      const res = await call('PATCH', `/clusters/${name}/labels`, {
        set: { [`${PREFIX}gpu-tier`]: 'general' },
      });
      expect(res.status).toBe(200);
    }
    const groups = await zoneGroups();

    const form: PolicyForm = {
      ...initialForm,
      name: 'web-propagation',
      namespace: 'default',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      mode: 'zone',
      target: { by: 'zone', zone: 'gpu-general', clusters: [] },
      scheduling: 'Duplicated',
    };
    const preview = matchingClusters(form.target, groups).sort();
    expect(preview).toEqual(['gpu-gen-frankfurt', 'gpu-hp-tokyo']);

    const policy = buildPropagationPolicy(form, PREFIX);
    const created = await call('POST', '/policies', policy);
    expect(created.status).toBe(201);

    karmada.sim.store.create('karmada', 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    expect(await scheduledClusters('web')).toEqual(preview);
  });

  it('without the prefix the same form would select other clusters: the prefix matters', async () => {
    const groups = await zoneGroups();
    const unprefixed = buildPropagationPolicy(
      {
        ...initialForm,
        target: { by: 'zone', zone: 'gpu-general', clusters: [] },
      },
      '',
    );
    expect(
      (unprefixed.spec as any).placement.clusterAffinity.labelSelector,
    ).toEqual({ matchLabels: { 'gpu-tier': 'general' } });
    // The seed fleet's unprefixed GPU General clusters are not the zone the backend reports.
    const seedGeneral = karmada.sim.store
      .list('karmada', 'Cluster')
      .items.filter(c => c.metadata.labels?.['gpu-tier'] === 'general')
      .map(c => c.metadata.name)
      .sort();
    expect(seedGeneral).not.toEqual(
      matchingClusters(
        { by: 'zone', zone: 'gpu-general', clusters: [] },
        groups,
      ).sort(),
    );
  });
});
