import fs from 'fs';
import path from 'path';
import {
  CustomObjectsApi,
  KubernetesObjectApi,
  loadAllYaml,
} from '@kubernetes/client-node';
import {
  GOLDEN_MEMBERS,
  GOLDEN_MODEL_LOAD_MS,
  GOLDEN_NAMESPACE,
  startGoldenFleet,
  type GoldenFleet,
} from './__testUtils__/goldenFleet';

/**
 * Every golden deployment manifest (plugins/hmas-common/src/deployments/__golden__, read by
 * path: a package must not import another's fixtures) is applied, in its create order, to
 * an embedded Karmada over HTTP, and must run on member clusters that behave like real
 * ones (`__testUtils__/goldenFleet.ts`): the restricted Pod Security Standard on the
 * namespace, StorageClasses with the access modes their provisioners support, RuntimeClass
 * and PriorityClass admission, the scheduler's taints, node and pod affinity, Multi-Attach.
 * Each case gets a fresh fleet.
 */
const GOLDEN_DIR = path.resolve(
  __dirname,
  '../../hmas-common/src/deployments/__golden__',
);

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  spec?: any;
  [k: string]: any;
};

function readGolden(file: string): Obj[] {
  return loadAllYaml(fs.readFileSync(path.join(GOLDEN_DIR, file), 'utf8'))
    .filter(Boolean)
    .map(o => o as Obj);
}

const goldenFiles = fs
  .readdirSync(GOLDEN_DIR)
  .filter(f => f.endsWith('.yaml'))
  .sort();

/** Events that say a pod, claim or ReplicaSet of the deployment cannot run. */
const BLOCKING_EVENTS = new Set([
  'FailedCreate',
  'FailedScheduling',
  'FailedAttachVolume',
  'FailedMount',
  'ProvisioningFailed',
  'FailedBinding',
]);

const errorText = (e: unknown) => {
  const err = e as { code?: number; body?: unknown; message?: string };
  return `${err.code ?? ''} ${
    typeof err.body === 'string' ? err.body : JSON.stringify(err.body ?? '')
  } ${err.message ?? ''}`.trim();
};

async function applyAll(fleet: GoldenFleet, objects: Obj[]) {
  const api = KubernetesObjectApi.makeApiClient(fleet.kubeConfig);
  for (const obj of objects) {
    try {
      await api.create(obj);
    } catch (e) {
      throw new Error(
        `creating ${obj.kind} ${
          obj.metadata.name
        } on the control plane failed: ${errorText(e)}`,
      );
    }
  }
}

/** Runs the controller until model loads and claim resyncs are over. */
async function letItRun(fleet: GoldenFleet) {
  await fleet.settle();
  await fleet.advance(GOLDEN_MODEL_LOAD_MS);
  // A Pending claim is looked at again every 15 s (the PV controller's sync period).
  await fleet.advance(15_000);
  await fleet.advance(GOLDEN_MODEL_LOAD_MS);
}

const notFound = (e: unknown) => (e as { code?: number }).code === 404;

async function readOrUndefined<T>(read: () => Promise<T>) {
  try {
    return await read();
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

interface MemberReport {
  cluster: string;
  replicas: number;
  pods: number;
}

/**
 * What keeps the golden's Deployment from running on the members, one line per problem
 * (empty when every pod is Running and Ready, its claims Bound and its budget counted),
 * followed by the members' Warning and blocking events when there is a problem.
 */
async function runProblems(fleet: GoldenFleet, objects: Obj[]) {
  const deployment = objects.find(o => o.kind === 'Deployment')!;
  const name = deployment.metadata.name;
  const ns = deployment.metadata.namespace ?? GOLDEN_NAMESPACE;
  const pvc = objects.find(o => o.kind === 'PersistentVolumeClaim');
  const pdb = objects.find(o => o.kind === 'PodDisruptionBudget');
  const service = objects.find(o => o.kind === 'Service');
  const problems: string[] = [];
  const events: string[] = [];
  const placed: MemberReport[] = [];
  let totalPods = 0;

  for (const cluster of GOLDEN_MEMBERS) {
    const m = fleet.member(cluster);
    for (const e of (await m.core.listNamespacedEvent({ namespace: ns }))
      .items) {
      if (e.type === 'Warning' || BLOCKING_EVENTS.has(e.reason ?? '')) {
        const line = `${cluster}: ${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`;
        events.push(line);
        if (BLOCKING_EVENTS.has(e.reason ?? '')) problems.push(line);
      }
    }
    const member = await readOrUndefined(() =>
      m.apps.readNamespacedDeployment({ name, namespace: ns }),
    );
    if (!member) continue;
    const replicas = member.spec?.replicas ?? 1;
    const pods = (
      await m.core.listNamespacedPod({
        namespace: ns,
        labelSelector: `h-mas.io/deployment=${name}`,
      })
    ).items.filter(p => !p.metadata?.deletionTimestamp);
    totalPods += pods.length;
    placed.push({ cluster, replicas, pods: pods.length });
    if (pods.length !== replicas)
      problems.push(
        `${cluster}: Deployment ${name} wants ${replicas} replicas, ${pods.length} pods exist`,
      );
    for (const c of member.status?.conditions ?? []) {
      if (c.type === 'ReplicaFailure' && c.status === 'True')
        problems.push(
          `${cluster}: Deployment ${name} ReplicaFailure: ${c.reason} ${c.message}`,
        );
    }
    for (const pod of pods) {
      const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
      if (pod.status?.phase !== 'Running' || ready?.status !== 'True') {
        const waiting = (pod.status?.containerStatuses ?? [])
          .map(s => s.state?.waiting?.reason)
          .filter(Boolean);
        const scheduled = pod.status?.conditions?.find(
          c => c.type === 'PodScheduled',
        );
        problems.push(
          `${cluster}: pod ${pod.metadata?.name} is ${
            pod.status?.phase ?? 'without status'
          }, Ready=${ready?.status ?? 'unknown'}${
            waiting.length ? ` (${waiting.join(', ')})` : ''
          }${
            scheduled?.status === 'False'
              ? ` unschedulable: ${scheduled.message}`
              : ''
          } on node ${pod.spec?.nodeName ?? '(none)'}`,
        );
      }
    }
    if (pvc) {
      const claim = await readOrUndefined(() =>
        m.core.readNamespacedPersistentVolumeClaim({
          name: pvc.metadata.name,
          namespace: ns,
        }),
      );
      if (!claim)
        problems.push(
          `${cluster}: PVC ${pvc.metadata.name} was not propagated`,
        );
      else if (claim.status?.phase !== 'Bound')
        problems.push(
          `${cluster}: PVC ${pvc.metadata.name} is ${claim.status?.phase}`,
        );
    }
    if (pdb) {
      const budget = await readOrUndefined(() =>
        m.policy.readNamespacedPodDisruptionBudget({
          name: pdb.metadata.name,
          namespace: ns,
        }),
      );
      if (!budget)
        problems.push(
          `${cluster}: PodDisruptionBudget ${pdb.metadata.name} was not propagated`,
        );
      else if (
        budget.status?.observedGeneration === undefined ||
        budget.status.expectedPods !== pods.length ||
        budget.status.currentHealthy !== pods.length ||
        !budget.status.conditions?.some(c => c.type === 'DisruptionAllowed')
      )
        problems.push(
          `${cluster}: PodDisruptionBudget ${
            pdb.metadata.name
          } does not count the pods: ${JSON.stringify(budget.status)}`,
        );
    }
    if (service) {
      const svc = await readOrUndefined(() =>
        m.core.readNamespacedService({
          name: service.metadata.name,
          namespace: ns,
        }),
      );
      if (!svc)
        problems.push(
          `${cluster}: Service ${service.metadata.name} was not propagated`,
        );
    }
  }

  // Karmada's view: every binding of the golden's objects scheduled, every Work applied (a
  // member that refuses a manifest says so here, as Karmada's execution controller reports it).
  const custom = fleet.kubeConfig.makeApiClient(CustomObjectsApi);
  const names = new Set(objects.map(o => `${o.kind}/${o.metadata.name}`));
  const bindings = (
    (await custom.listNamespacedCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha2',
      namespace: ns,
      plural: 'resourcebindings',
    })) as { items: any[] }
  ).items.filter(b =>
    names.has(`${b.spec?.resource?.kind}/${b.spec?.resource?.name}`),
  );
  for (const o of objects) {
    if (o.kind === 'PropagationPolicy' || o.kind === 'OverridePolicy') continue;
    const b = bindings.find(
      x =>
        x.spec?.resource?.kind === o.kind &&
        x.spec?.resource?.name === o.metadata.name,
    );
    const scheduled = b?.status?.conditions?.find(
      (c: any) => c.type === 'Scheduled',
    );
    if (!b)
      problems.push(
        `control plane: no ResourceBinding for ${o.kind} ${o.metadata.name} (Karmada does not propagate it)`,
      );
    else if (scheduled?.status !== 'True')
      problems.push(
        `control plane: ResourceBinding ${b.metadata.name} not scheduled: ${scheduled?.reason} ${scheduled?.message}`,
      );
  }
  const bindingNames = new Set(bindings.map(b => b.metadata.name));
  const works = (
    (await custom.listClusterCustomObject({
      group: 'work.karmada.io',
      version: 'v1alpha1',
      plural: 'works',
    })) as { items: any[] }
  ).items.filter(w =>
    bindingNames.has(
      w.metadata?.annotations?.['resourcebinding.karmada.io/name'] ??
        w.metadata?.labels?.['resourcebinding.karmada.io/name'],
    ),
  );
  for (const w of works) {
    const applied = w.status?.conditions?.find(
      (c: any) => c.type === 'Applied',
    );
    if (applied?.status !== 'True')
      problems.push(
        `control plane: Work ${w.metadata.namespace}/${w.metadata.name} not applied: ${applied?.reason} ${applied?.message}`,
      );
  }

  const wanted = deployment.spec?.replicas ?? 1;
  if (placed.length === 0)
    problems.push(`Deployment ${name} reached no member cluster`);
  if (totalPods !== wanted)
    problems.push(
      `Deployment ${name} wants ${wanted} replicas, the members run ${totalPods} pods (${placed
        .map(p => `${p.cluster}: ${p.pods}/${p.replicas}`)
        .join(', ')})`,
    );
  if (problems.length > 0) problems.push('--- member events ---', ...events);
  return { problems, placed };
}

describe('golden manifests on real-behaving member clusters', () => {
  let fleet: GoldenFleet | undefined;

  afterEach(async () => {
    await fleet?.close();
    fleet = undefined;
  });

  it('reads all 16 goldens', () => {
    expect(goldenFiles).toHaveLength(16);
  });

  it.each(goldenFiles)('%s runs: pods Ready, claims Bound', async file => {
    const objects = readGolden(file);
    fleet = await startGoldenFleet();
    await applyAll(fleet, objects);
    await letItRun(fleet);
    const { problems, placed } = await runProblems(fleet, objects);
    expect(problems).toEqual([]);
    expect(placed.length).toBeGreaterThan(0);
  });

  it('is refused by Pod Security without the pod securityContext (the check is not vacuous)', async () => {
    const objects = readGolden('ollama-clusters-cpu.yaml');
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    delete deployment.spec.template.spec.securityContext;
    fleet = await startGoldenFleet();
    await applyAll(fleet, objects);
    await letItRun(fleet);
    const { problems, placed } = await runProblems(fleet, objects);
    expect(placed.length).toBeGreaterThan(0);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /FailedCreate ReplicaSet\/ollama-clusters-cpu-[a-z0-9]+: Error creating: pods "ollama-clusters-cpu-[a-z0-9]+-" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true .*seccompProfile/,
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/wants 1 replicas, the members run 0 pods/),
    );
  });
});
