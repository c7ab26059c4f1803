/*
 * Every PropagationPolicy, OverridePolicy, ResourceBinding and Work the controller's
 * scenarios leave in the store must validate against Karmada's CRD schemas: the H-MAS
 * reference copies when present (outside this repository), else the vendored ones.
 */
import fs from 'fs';
import path from 'path';
import {
  createKarmadaObject,
  modelDeployment,
  propagationPolicy,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import { CONTROL_PLANE, type KubeObject } from '../types';
import {
  createCrdSchemaSet,
  loadKarmadaCrds,
  vendoredCrdSchemas,
  type CrdSchemaSet,
} from '../karmada/crds';
import { validateKarmadaObject } from '../karmada/validation';

// src/controller -> src -> karmada-sim -> packages -> main -> (workspace)/shared/reference/karmada
const REFERENCE_DIR = path.resolve(
  __dirname,
  '../../../../../shared/reference/karmada',
);

const KINDS = [
  'propagationpolicies.policy.karmada.io',
  'clusterpropagationpolicies.policy.karmada.io',
  'overridepolicies.policy.karmada.io',
  'clusteroverridepolicies.policy.karmada.io',
  'resourcebindings.work.karmada.io',
  'works.work.karmada.io',
];

/** Runs the scenarios: propagation with overrides, fallback groups, no fit, and failover. */
async function runScenarios(fleet: TestFleet) {
  const ns = 'conformance';
  await fleet.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const [name, requests] of [
    ['llm', { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' }],
    ['huge', { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '10' }],
    ['web', { cpu: '500m', memory: '512Mi' }],
  ] as const) {
    await fleet.apps.createNamespacedDeployment({
      namespace: ns,
      body: modelDeployment(name, ns, { replicas: 2, requests }) as any,
    });
  }
  await fleet.core.createNamespacedService({
    namespace: ns,
    body: {
      metadata: { name: 'llm' },
      spec: { selector: { app: 'llm' }, ports: [{ port: 8000 }] },
    },
  });
  await fleet.core.createNamespacedPersistentVolumeClaim({
    namespace: ns,
    body: {
      metadata: { name: 'cache' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '10Gi' } },
      },
    },
  });
  const divided = {
    replicaSchedulingType: 'Divided',
    weightPreference: { dynamicWeight: 'AvailableReplicas' },
  };
  await createKarmadaObject(
    fleet,
    propagationPolicy(
      'general',
      ns,
      [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llm' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'huge' },
        { apiVersion: 'v1', kind: 'Service', name: 'llm' },
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'cache' },
      ],
      {
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
        },
        replicaScheduling: divided,
      },
    ),
  );
  await createKarmadaObject(
    fleet,
    propagationPolicy(
      'web',
      ns,
      [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      {
        clusterAffinities: [
          { affinityName: 'lab', clusterNames: ['lab-offline'] },
          {
            affinityName: 'cpu',
            clusterNames: ['cpu-oregon', 'gpu-gen-frankfurt'],
          },
        ],
        replicaScheduling: divided,
      },
      {
        propagateDeps: true,
        failover: {
          application: {
            decisionConditions: { tolerationSeconds: 30 },
            purgeMode: 'Gracefully',
            gracePeriodSeconds: 60,
          },
        },
      },
    ),
  );
  await createKarmadaObject(fleet, {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'OverridePolicy',
    metadata: { name: 'volcano', namespace: ns },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      overrideRules: [
        {
          targetCluster: {
            labelSelector: { matchLabels: { scheduler: 'volcano' } },
          },
          overriders: {
            plaintext: [
              {
                path: '/spec/template/spec/schedulerName',
                operator: 'add',
                value: 'volcano',
              },
            ],
          },
        },
      ],
    },
  });
  await fleet.settle();
  await fleet.advance(1000);
  fleet.karmada.controller.markClusterReady('gpu-gen-frankfurt', false);
  await fleet.settle();
  await fleet.advance(31_000);
}

function storedObjects(fleet: TestFleet): KubeObject[] {
  const store = fleet.karmada.sim.store;
  return KINDS.flatMap(k => store.list(CONTROL_PLANE, k).items);
}

function describeConformance(schemas: CrdSchemaSet, where: string) {
  describe(`controller output conforms to the Karmada CRDs (${where})`, () => {
    let fleet: TestFleet;
    let objects: KubeObject[] = [];

    beforeAll(async () => {
      fleet = await startTestFleet({ modelLoadMs: 1000 });
      await runScenarios(fleet);
      objects = storedObjects(fleet);
    });
    afterAll(() => fleet.close());

    it('leaves every kind of object behind, including status and evictions', () => {
      const kinds = new Set(objects.map(o => o.kind));
      expect([...kinds].sort()).toEqual([
        'OverridePolicy',
        'PropagationPolicy',
        'ResourceBinding',
        'Work',
      ]);
      const bindings = objects.filter(o => o.kind === 'ResourceBinding');
      expect(bindings.some(b => b.status?.aggregatedStatus?.length)).toBe(true);
      expect(bindings.some(b => b.spec.gracefulEvictionTasks?.length)).toBe(
        true,
      );
      expect(
        bindings.some(b =>
          b.status?.conditions?.some(
            (c: any) => c.type === 'Scheduled' && c.reason === 'Unschedulable',
          ),
        ),
      ).toBe(true);
      expect(
        objects.some(o => o.kind === 'Work' && o.status?.manifestStatuses),
      ).toBe(true);
    });

    it('validates every object against the schemas and webhook rules', () => {
      const failures = objects
        .map(o => ({
          object: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
          causes: [
            ...(schemas.validate(o) ?? [{ message: 'no schema found' }]),
            ...validateKarmadaObject(o, undefined, schemas),
          ],
        }))
        .filter(f => f.causes.length > 0);
      expect(failures).toEqual([]);
    });
  });
}

if (fs.existsSync(REFERENCE_DIR)) {
  describeConformance(
    createCrdSchemaSet(loadKarmadaCrds(REFERENCE_DIR)),
    REFERENCE_DIR,
  );
} else {
  // Loud on purpose: a fresh clone has no reference folder, and a silent pass would hide it.
  console.warn(
    `SKIPPED: Karmada CRD reference folder not found at ${REFERENCE_DIR} — controller output checked against the vendored CRDs only`,
  );
  describeConformance(vendoredCrdSchemas(), 'vendored CRDs');
}
