/**
 * The finalizer karmada-webhook puts on a new PropagationPolicy / ClusterPropagationPolicy
 * (pkg/webhook/propagationpolicy/mutating.go, pkg/webhook/clusterpropagationpolicy/
 * mutating.go) and that Karmada's detector removes once the policy's resources are released
 * (pkg/detector/detector.go, `ReconcilePropagationPolicy`). Only where Karmada runs (the
 * embedded control plane); a bare simulator has neither the webhook nor the detector.
 */

import { startKarmadaSimulator } from '../index';
import { raw } from '../__testUtils__/kube';
import {
  createKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { CONTROL_PLANE } from '../types';
import {
  CLUSTER_PROPAGATION_POLICY_FINALIZER,
  PROPAGATION_POLICY_FINALIZER,
} from '../karmada/defaults';

const NS = 'fin';
const PP_PATH = `/apis/policy.karmada.io/v1alpha1/namespaces/${NS}/propagationpolicies`;
const CPP_PATH = '/apis/policy.karmada.io/v1alpha1/clusterpropagationpolicies';

describe('policy finalizers with Karmada running', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet();
    await fleet.core.createNamespace({ body: { metadata: { name: NS } } });
    await fleet.apps.createNamespacedDeployment({
      namespace: NS,
      body: modelDeployment('web', NS, { replicas: 1 }) as any,
    });
  });
  afterAll(async () => {
    await fleet.karmada.close();
  });

  it('adds the finalizer on create, once, and keeps it on update', async () => {
    const created = await createKarmadaObject(fleet, {
      ...propagationPolicy(
        'kept',
        NS,
        [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nothing' }],
        { clusterAffinity: { clusterNames: ['gpu-gen-frankfurt'] } },
      ),
      metadata: {
        name: 'kept',
        namespace: NS,
        finalizers: [PROPAGATION_POLICY_FINALIZER, 'example.com/mine'],
      },
    });
    expect(created.metadata.finalizers).toEqual([
      PROPAGATION_POLICY_FINALIZER,
      'example.com/mine',
    ]);
    const cpp = await createKarmadaObject(fleet, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'fin-cluster' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' },
        ],
        placement: { clusterAffinity: { clusterNames: ['gpu-gen-frankfurt'] } },
      },
    });
    expect(cpp.metadata.finalizers).toEqual([
      CLUSTER_PROPAGATION_POLICY_FINALIZER,
    ]);
    // An update that drops it: the webhook adds it on CREATE only.
    const res = await raw(
      fleet.karmada.sim,
      'PATCH',
      `${CPP_PATH}/fin-cluster`,
      {
        body: { metadata: { labels: { edited: 'yes' } } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.metadata.finalizers).toEqual([
      CLUSTER_PROPAGATION_POLICY_FINALIZER,
    ]);
  });

  it('on delete: terminating, then gone once the template and binding are released', async () => {
    await createKarmadaObject(
      fleet,
      propagationPolicy(
        'web',
        NS,
        [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
        { clusterAffinity: { clusterNames: ['gpu-gen-frankfurt'] } },
      ),
    );
    await fleet.karmada.controller.settle();
    const store = fleet.karmada.sim.store;
    const bindingPath = `/apis/work.karmada.io/v1alpha2/namespaces/${NS}/resourcebindings/web-deployment`;
    expect((await raw(fleet.karmada.sim, 'GET', bindingPath)).status).toBe(200);

    const events: string[] = [];
    const off = store.onChange(e => {
      if (e.cluster !== CONTROL_PLANE) return;
      if (
        e.resource.kind === 'PropagationPolicy' ||
        e.resource.kind === 'ResourceBinding'
      )
        events.push(`${e.type} ${e.resource.kind} ${e.object.metadata.name}`);
    });
    try {
      const deleted = await raw(fleet.karmada.sim, 'DELETE', `${PP_PATH}/web`);
      expect(deleted.status).toBe(200);
      expect(deleted.body.metadata.deletionTimestamp).toBeTruthy();
      expect(deleted.body.metadata.finalizers).toEqual([
        PROPAGATION_POLICY_FINALIZER,
      ]);
      await fleet.karmada.controller.settle();
    } finally {
      off();
    }
    expect((await raw(fleet.karmada.sim, 'GET', `${PP_PATH}/web`)).status).toBe(
      404,
    );
    expect((await raw(fleet.karmada.sim, 'GET', bindingPath)).status).toBe(404);
    const template = await fleet.apps.readNamespacedDeployment({
      name: 'web',
      namespace: NS,
    });
    expect(
      Object.keys(template.metadata?.labels ?? {}).filter(k =>
        k.startsWith('propagationpolicy.karmada.io/'),
      ),
    ).toEqual([]);
    // The binding went before the policy did.
    const bindingGone = events.indexOf(
      'DELETED ResourceBinding web-deployment',
    );
    const policyGone = events.indexOf('DELETED PropagationPolicy web');
    expect(bindingGone).toBeGreaterThanOrEqual(0);
    expect(policyGone).toBeGreaterThan(bindingGone);
  });
});

describe('policy finalizers on a bare simulator', () => {
  it('are not added, so a deleted policy is gone at once', async () => {
    const sim = await startKarmadaSimulator({ members: ['m1'] });
    try {
      const path =
        '/apis/policy.karmada.io/v1alpha1/namespaces/default/propagationpolicies';
      const created = await raw(sim, 'POST', path, {
        body: propagationPolicy(
          'bare',
          'default',
          [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
          { clusterAffinity: { clusterNames: ['m1'] } },
        ),
      });
      expect(created.status).toBe(201);
      expect(created.body.metadata.finalizers).toBeUndefined();
      expect((await raw(sim, 'DELETE', `${path}/bare`)).status).toBe(200);
      expect((await raw(sim, 'GET', `${path}/bare`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
