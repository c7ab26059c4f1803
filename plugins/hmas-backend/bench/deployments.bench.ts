/*
 * Benchmark of the model-deployment lifecycle against the embedded Karmada simulator, in one
 * run:
 *
 *   1. HTTP requests per create: writes (must equal the object count) and reads, cold and warm.
 *   2. Create latency: DeploymentService.create against writing the same manifests raw with
 *      KarmadaClient.createObject (goal ≤ 1.5×).
 *   3. Status of one deployment placed on 50 clusters with 20 ms injected latency per request:
 *      DeploymentService.status against @backstage/plugin-kubernetes-backend fetching the same
 *      entity (POST /api/kubernetes/services/:name; goal ≥ 10× faster).
 *
 * Prints figures; asserts nothing about time. Fails (exit 1) when a measured operation fails
 * or returns the wrong thing.
 *
 *   make bench                  (both benchmarks; or: yarn bench:deployments)
 *   HMAS_BENCH_ROUNDS=50 yarn bench:deployments
 */
import {
  startEmbeddedKarmada,
  seedFleet,
  EmbeddedKarmada,
  KarmadaSimulator,
} from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { DatabaseDeploymentStore } from '../src/database/DatabaseDeploymentStore';
import { BindingCache } from '../src/service/BindingCache';
import { DeploymentService } from '../src/service/DeploymentService';
import { fmt, line, stats, time } from './measure';

const ROUNDS = Number(process.env.HMAS_BENCH_ROUNDS ?? 30);
const WARMUP = 3;
const FLEET = 50;
const LATENCY_MS = 20;
const ctx = { actor: 'user:default/bench', source: 'api' as const };

/** llama.cpp on CPU in the CPU Only zone (as in DeploymentService.test.ts). */
const spec = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  runtime: 'llamacpp',
  gpuMode: 'cpu',
  model: {
    modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
    sizeGb: 4.9,
  },
  placement: { mode: 'zone', zone: 'cpu-only' },
  ...overrides,
});

function fail(message: string): never {
  throw new Error(`BENCHMARK FAILED: ${message}`);
}

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

async function deploymentService(
  karmada: KarmadaClient,
  bindings?: BindingCache,
) {
  const knex: Knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const db = { getClient: async () => knex, migrations: { skip: false } };
  const store = await DatabaseDeploymentStore.create({ database: db as any });
  const service = new DeploymentService({
    karmada,
    store,
    logger: silentLogger,
    bindings,
  });
  return { service, knex };
}

interface Req {
  method: string;
  path: string;
  cluster: string;
}

/**
 * Every HTTP request the simulator receives, counted with the public fault API: one
 * zero-latency (or `latencyMs`) fault per method, whose `hits` count the requests it matched.
 * The path of each request is recorded by observing the simulator's fault matcher, which sees
 * every request (method, path, addressed cluster) before it is handled.
 */
function requestCounter(sim: KarmadaSimulator, latencyMs = 0) {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const faults = methods.map(method =>
    sim.faults.inject({ match: { method }, latencyMs }),
  );
  const catchAll = sim.faults.inject({ latencyMs });
  const log: Req[] = [];
  const registry = sim.faults as any;
  const take = registry.take.bind(registry);
  registry.take = (req: {
    method: string;
    rawPath: string;
    cluster: string;
  }) => {
    log.push({ method: req.method, path: req.rawPath, cluster: req.cluster });
    return take(req);
  };
  const snapshot = () => ({
    hits: Object.fromEntries(methods.map((m, i) => [m, faults[i].hits])),
    other: catchAll.hits,
    logged: log.length,
  });
  return {
    /** Runs fn and returns the requests it made. */
    async during<T>(fn: () => Promise<T>) {
      const before = snapshot();
      const result = await fn();
      const after = snapshot();
      const byMethod: Record<string, number> = {};
      for (const m of methods) byMethod[m] = after.hits[m] - before.hits[m];
      const requests = log.slice(before.logged, after.logged);
      const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
      if (requests.length !== total + (after.other - before.other)) {
        fail(
          `request log (${requests.length}) and fault hits (${total}) disagree`,
        );
      }
      const writes =
        byMethod.POST + byMethod.PUT + byMethod.PATCH + byMethod.DELETE;
      return { result, byMethod, writes, reads: byMethod.GET, requests };
    },
    remove() {
      registry.take = take;
      for (const f of [...faults, catchAll]) f.remove();
    },
  };
}

/** What a GET is for, so the reads can be explained. */
function describeRead(r: Req): string {
  if (
    /^\/(api|apis)(\/[^/]+){0,2}$/.test(r.path) &&
    !r.path.includes('/namespaces')
  ) {
    return `discovery ${r.path}`;
  }
  if (r.path === '/apis/cluster.karmada.io/v1alpha1/clusters') {
    return 'LIST clusters (placement and capacity check)';
  }
  return `GET ${r.path}`;
}

function summarizeReads(requests: Req[]): string[] {
  const counts = new Map<string, number>();
  for (const r of requests.filter(q => q.method === 'GET')) {
    const key = describeRead(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} × ${k}`);
}

// ---------------------------------------------------------------------------------------
// 1 + 2: requests per create, create latency against raw writes (seed fleet)
// ---------------------------------------------------------------------------------------

async function createBenchmarks(summary: string[]) {
  // Model loads far beyond the run: no pod turns Ready (a controller timer) inside a timed
  // section; pods are created and deleted with their deployments.
  const karmada = await startEmbeddedKarmada({
    seed: true,
    modelLoadMs: 600_000,
  });
  try {
    const counter = requestCounter(karmada.sim);

    // 1. Requests per create. A fresh KarmadaClient: the first create is cold (client-node's
    // KubernetesObjectApi has not discovered any apiVersion yet); later ones are warm.
    const client = new KarmadaClient({
      url: karmada.url,
      token: karmada.token,
    });
    const { service, knex } = await deploymentService(client);
    console.log(
      '\n[1] HTTP requests to the simulator during one DeploymentService.create',
    );
    const warm: Array<{ writes: number; reads: number; objects: number }> = [];
    for (let i = 0; i < 5; i++) {
      const name = `count-${i}`;
      const r = await counter.during(() => service.create(spec(name), ctx));
      const objects = r.result.manifests.length;
      if (!r.result.deployment || r.result.deployment.state !== 'active') {
        fail(`create ${name} did not return an active deployment`);
      }
      const kinds = r.result.manifests.map((m: any) => m.kind).join(', ');
      console.log(
        `  create #${i + 1} (${i === 0 ? 'cold client' : 'warm'}): ${
          r.writes
        } writes (${r.byMethod.POST} POST, ${r.byMethod.PUT} PUT, ${
          r.byMethod.PATCH
        } PATCH, ${
          r.byMethod.DELETE
        } DELETE) for ${objects} objects [${kinds}]; ${r.reads} reads:`,
      );
      for (const s of summarizeReads(r.requests)) console.log(`      ${s}`);
      if (r.writes !== objects) {
        fail(`create ${name}: ${r.writes} writes for ${objects} objects`);
      }
      if (i === 0) {
        summary.push(
          `writes per create: ${r.writes} for ${objects} objects (cold: ${r.reads} reads)`,
        );
      } else {
        warm.push({ writes: r.writes, reads: r.reads, objects });
      }
    }
    const warmReads = [...new Set(warm.map(w => w.reads))].join('/');
    const warmWrites = [...new Set(warm.map(w => w.writes))].join('/');
    summary.push(
      `  warm (creates 2-5): ${warmWrites} writes for ${warm[0].objects} objects, ${warmReads} read(s) (the LIST of clusters)`,
    );
    counter.remove();
    for (const row of await service.list()) await service.delete(row.id, ctx);
    await karmada.controller.settle();

    // 2. Create latency: the service against the same manifests written raw, alternating.
    console.log(
      `\n[2] create latency, ${ROUNDS} rounds (+${WARMUP} warm-up), service and raw writes alternating (which goes first alternates too), controller settled before each`,
    );
    const api: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const svcName = `svc-${i}`;
      const rawName = `raw-${i}`;
      const { manifests } = await service.create(spec(rawName), {
        ...ctx,
        dryRun: true,
      });
      await karmada.controller.settle();

      let id = '';
      const viaService = () =>
        time(async () => {
          const r = await service.create(spec(svcName), ctx);
          if (r.deployment?.state !== 'active') fail(`create ${svcName}`);
          id = r.deployment.id;
        });
      const viaRaw = () =>
        time(async () => {
          for (const object of manifests) {
            await client.createObject(object as any);
          }
        });
      // Alternate which goes first, and let the controller settle after each, so neither
      // path pays for the other's propagation.
      let tService: number;
      let tRaw: number;
      if (i % 2 === 0) {
        tService = await viaService();
        await karmada.controller.settle();
        tRaw = await viaRaw();
      } else {
        tRaw = await viaRaw();
        await karmada.controller.settle();
        tService = await viaService();
      }
      await karmada.controller.settle();
      if (i >= WARMUP) {
        api.push(tService);
        raw.push(tRaw);
      }
      // Clean up outside the timed sections.
      await service.delete(id, ctx);
      for (const object of [...manifests].reverse()) {
        if (!(await client.deleteObject(object as any))) {
          fail(`raw object ${(object as any).metadata.name} was not there`);
        }
      }
      await karmada.controller.settle();
    }
    const a = stats(api);
    const k = stats(raw);
    console.log(`  DeploymentService.create:            ${line(a)}`);
    console.log(`  raw createObject × same manifests:   ${line(k)}`);
    const r50 = a.p50 / k.p50;
    const r95 = a.p95 / k.p95;
    console.log(
      `  ratio service ÷ raw: p50 ${r50.toFixed(2)}×  p95 ${r95.toFixed(
        2,
      )}× (goal ≤ 1.5×)`,
    );
    summary.push(
      `create latency: service p50 ${fmt(a.p50)} / p95 ${fmt(
        a.p95,
      )}; raw p50 ${fmt(k.p50)} / p95 ${fmt(k.p95)}; ratio p50 ${r50.toFixed(
        2,
      )}×, p95 ${r95.toFixed(2)}× (goal ≤ 1.5×: ${
        r50 <= 1.5 && r95 <= 1.5 ? 'met' : 'NOT met'
      })`,
    );
    await knex.destroy();
  } finally {
    await karmada.close();
  }
}

// ---------------------------------------------------------------------------------------
// 3: status of one deployment on 50 clusters, 20 ms per request
// ---------------------------------------------------------------------------------------

/** 50 copies of the seed's CPU Only cluster (4 × 64 cores, 256 Gi), empty. */
function addFleet(karmada: EmbeddedKarmada, names: string[]) {
  const { clusters, nodesByCluster } = seedFleet();
  const template = clusters.find(c => c.metadata.name === 'cpu-oregon');
  if (!template) fail('seed cluster cpu-oregon not found');
  const store = karmada.sim.store;
  for (const name of names) {
    for (const node of nodesByCluster['cpu-oregon']) {
      store.create(name, 'nodes', structuredClone(node), { withStatus: true });
    }
    const cluster = structuredClone(template);
    cluster.metadata = {
      name,
      labels: {
        'gpu-tier': 'none',
        'cluster-type': 'cpu-only',
        scheduler: 'default-scheduler',
      },
    };
    cluster.spec = {
      ...cluster.spec,
      id: randomUUID(),
      apiEndpoint: `https://${name}.k8s.hmas.internal:6443`,
      secretRef: { namespace: 'karmada-cluster', name },
      impersonatorSecretRef: {
        namespace: 'karmada-cluster',
        name: `${name}-impersonator`,
      },
    };
    store.create('karmada', 'clusters.cluster.karmada.io', cluster, {
      withStatus: true,
    });
  }
}

async function statusBenchmark(summary: string[]) {
  const names = Array.from(
    { length: FLEET },
    (_, i) => `cpu-${String(i).padStart(2, '0')}`,
  );
  const karmada = await startEmbeddedKarmada({
    seed: false,
    members: names,
    modelLoadMs: 50,
  });
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    addFleet(karmada, names);
    await karmada.controller.settle();

    const client = new KarmadaClient({
      url: karmada.url,
      token: karmada.token,
    });
    // As in the plugin: ResourceBindings kept in memory by a watch.
    const bindings = new BindingCache(client, silentLogger);
    await bindings.start();
    const { service, knex } = await deploymentService(client, bindings);
    const name = 'fleet-llama';
    const created = await service.create(spec(name, { replicas: FLEET }), ctx);
    const row = created.deployment ?? fail('no deployment row');

    // Wait until every replica has loaded its model (modelLoadMs on the real clock).
    let ready = await service.status(row);
    for (let i = 0; ready.readyReplicas < FLEET && i < 200; i++) {
      await karmada.controller.settle();
      await sleep(25);
      ready = await service.status(row);
    }
    if (ready.readyReplicas !== FLEET || ready.clusters.length !== FLEET) {
      fail(
        `deployment not ready on ${FLEET} clusters: ${ready.readyReplicas} ready, ${ready.clusters.length} clusters (${ready.phase}: ${ready.message})`,
      );
    }
    const podsPerCluster = names.map(
      c =>
        karmada.sim.store
          .list(c, 'pods')
          .items.filter(
            p => p.metadata.labels?.['h-mas.io/deployment'] === name,
          ).length,
    );
    if (podsPerCluster.some(n => n !== 1)) {
      fail(`expected one pod per cluster, got ${podsPerCluster.join(',')}`);
    }
    console.log(
      `\n[3] status of ${name}: ${FLEET} replicas on ${FLEET} clusters (one pod each, all Ready), ${LATENCY_MS} ms injected latency per request, ${ROUNDS} rounds (+${WARMUP} warm-up)`,
    );

    // @backstage/plugin-kubernetes-backend, configured with the same 50 member clusters.
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': name },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/ml',
      },
    };
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: names.map(c => ({
                    name: c,
                    url: karmada.sim.memberUrl(c),
                    authProvider: 'serviceAccount',
                    serviceAccountToken: karmada.token,
                    skipTLSVerify: true,
                    skipMetricsLookup: true,
                  })),
                },
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [entity] }),
      ],
    });
    const server = backend.server;
    const fetchEntity = async () => {
      const res = await request(server)
        .post(`/api/kubernetes/services/${name}`)
        .set('Authorization', mockCredentials.user.header())
        .send({ entity });
      if (res.status !== 200) {
        fail(`kubernetes-backend answered ${res.status}: ${res.text}`);
      }
      const items: any[] = res.body.items ?? [];
      const errors = items.flatMap(i => i.errors ?? []);
      if (errors.length) {
        fail(`kubernetes-backend errors: ${JSON.stringify(errors[0])}`);
      }
      const pods = items.flatMap(i =>
        (i.resources ?? [])
          .filter((r: any) => r.type === 'pods')
          .flatMap((r: any) => r.resources),
      );
      const clustersWithPods = new Set(
        items
          .filter(i =>
            (i.resources ?? []).some(
              (r: any) => r.type === 'pods' && r.resources.length > 0,
            ),
          )
          .map(i => i.cluster.name),
      );
      if (pods.length !== FLEET || clustersWithPods.size !== FLEET) {
        fail(
          `kubernetes-backend found ${pods.length} pods on ${clustersWithPods.size} clusters, expected ${FLEET} on ${FLEET}`,
        );
      }
      return { pods: pods.length, clusters: clustersWithPods.size, items };
    };
    const fetchStatus = async () => {
      const s = await service.status(row);
      if (s.readyReplicas !== FLEET || s.clusters.length !== FLEET) {
        fail(
          `status: ${s.readyReplicas} ready on ${s.clusters.length} clusters, expected ${FLEET} on ${FLEET}`,
        );
      }
      return s;
    };

    const counter = requestCounter(karmada.sim, LATENCY_MS);
    // One counted call of each (they also warm both clients).
    const one = await counter.during(fetchStatus);
    const two = await counter.during(fetchEntity);
    const kinds = new Set(
      two.result.items.flatMap((i: any) =>
        (i.resources ?? []).map((r: any) => r.type),
      ),
    );
    console.log(
      `  DeploymentService.status (binding cache synced): ${one.reads} GET (pods are read only for clusters not fully ready), ${one.writes} writes; ${one.result.readyReplicas}/${one.result.replicas} ready on ${one.result.clusters.length} clusters`,
    );
    console.log(
      `  kubernetes-backend:       ${two.reads} GET (${FLEET} clusters × ${
        two.reads / FLEET
      } object types: ${[...kinds].sort().join(', ')}), ${
        two.writes
      } writes; found ${two.result.pods} pods on ${
        two.result.clusters
      } clusters`,
    );

    for (let i = 0; i < WARMUP; i++) {
      await fetchStatus();
      await fetchEntity();
    }
    const hmas: number[] = [];
    const k8s: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      hmas.push(await time(fetchStatus));
      k8s.push(await time(fetchEntity));
    }
    counter.remove();
    const h = stats(hmas);
    const k = stats(k8s);
    console.log(`  DeploymentService.status(row):        ${line(h)}`);
    console.log(`  kubernetes-backend POST /services/:id: ${line(k)}`);
    const s50 = k.p50 / h.p50;
    const s95 = k.p95 / h.p95;
    console.log(
      `  speed-up status vs kubernetes-backend: p50 ${s50.toFixed(
        1,
      )}×  p95 ${s95.toFixed(1)}× (goal ≥ 10×)`,
    );
    summary.push(
      `status on ${FLEET} clusters @ ${LATENCY_MS} ms/request: service p50 ${fmt(
        h.p50,
      )} / p95 ${fmt(h.p95)} (${
        one.reads
      } requests); kubernetes-backend p50 ${fmt(k.p50)} / p95 ${fmt(k.p95)} (${
        two.reads
      } requests, ${two.result.pods} pods found)`,
      `  speed-up: p50 ${s50.toFixed(1)}×, p95 ${s95.toFixed(
        1,
      )}× (goal ≥ 10×: ${s50 >= 10 && s95 >= 10 ? 'met' : 'NOT met'})`,
    );
    summary.push(
      '  status() answers a ready deployment from the watch-fed ResourceBinding cache (no request); without the cache it is one round trip',
    );
    await bindings.stop();
    await knex.destroy();
  } finally {
    await backend?.stop();
    await karmada.close();
  }
}

async function main() {
  console.log(
    `H-MAS deployment benchmark: embedded Karmada simulator, store on SQLite, ${ROUNDS} rounds, Node ${process.version}`,
  );
  const summary: string[] = [];
  await createBenchmarks(summary);
  await statusBenchmark(summary);
  console.log('\n==== Summary (deployments) ====');
  for (const s of summary) console.log(s);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
