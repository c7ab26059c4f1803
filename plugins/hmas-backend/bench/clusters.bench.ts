/*
 * Benchmark of issue #4 (F-1.1, F-1.7): GET /clusters with 1,000 clusters against one raw LIST
 * of Clusters from the simulator in the same run, and the label reconciler over 1,000
 * clusters of which 100 are unlabeled. Prints figures; asserts nothing about time.
 *
 *   make bench            (or: yarn bench)
 *   HMAS_BENCH_DB=pg make bench   to run the store on the PostgreSQL at 127.0.0.1:5432
 */
import { startKarmadaSimulator, KarmadaSimulator } from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import type { KarmadaClusterObject } from '@h-mas/plugin-hmas-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { DatabaseAuditStore } from '../src/database/DatabaseAuditStore';
import { DatabaseClusterStore } from '../src/database/DatabaseClusterStore';
import { ClusterService } from '../src/service/ClusterService';
import { createRouter } from '../src/service/router';
import { fmt, stats, time } from './measure';

const CLUSTERS = 1000;
const UNLABELED = 100;
const ROUNDS = Number(process.env.HMAS_BENCH_ROUNDS ?? 100);

const zones = [
  {
    tier: 'high',
    types: ['h100', 'a100'],
    scheduler: 'kai-scheduler',
    gpus: 64,
  },
  {
    tier: 'general',
    types: ['l40s', 'l4', 't4'],
    scheduler: 'volcano',
    gpus: 16,
  },
  { tier: 'none', types: [], scheduler: 'default-scheduler', gpus: 0 },
];

function fleet(): KarmadaClusterObject[] {
  return Array.from({ length: CLUSTERS }, (_, i) => {
    const name = `bench-${String(i).padStart(4, '0')}`;
    const unlabeled = i < UNLABELED;
    const zone = zones[i % zones.length];
    // Half of the unlabeled clusters have no GPUs, so the reconciler labels them CPU Only.
    const unlabeledGpus = i % 2 === 0 ? 0 : 8;
    const gpus = unlabeled ? unlabeledGpus : zone.gpus;
    const labels: Record<string, string> = unlabeled
      ? {}
      : {
          'gpu-tier': zone.tier,
          'cluster-type': zone.tier === 'none' ? 'cpu-only' : 'standard',
          scheduler: zone.scheduler,
          ...(zone.types[0] ? { 'gpu-type': zone.types[0] } : {}),
        };
    return {
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: {
        name,
        labels,
        ...(zone.types.length && !unlabeled
          ? { annotations: { 'h-mas.io/gpu-types': zone.types.join(',') } }
          : {}),
      },
      spec: {
        syncMode: i % 4 === 0 ? 'Pull' : 'Push',
        apiEndpoint: `https://${name}.example:6443`,
        provider: 'onprem',
        region: `region-${i % 7}`,
      },
      status: {
        kubernetesVersion: 'v1.31.4',
        conditions: [{ type: 'Ready', status: 'True', reason: 'ClusterReady' }],
        nodeSummary: { totalNum: 12, readyNum: 12 },
        resourceSummary: {
          allocatable: {
            cpu: '768',
            memory: '6Ti',
            pods: '1320',
            ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}),
          },
          allocated: { cpu: '211500m', memory: '1536Gi', pods: '140' },
        },
      },
    };
  });
}

const PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432/postgres';
const PG_BENCH_DB = `hmas_bench_${Date.now()}`;

async function database(): Promise<Knex> {
  if (process.env.HMAS_BENCH_DB === 'pg') {
    const admin = knexFactory({ client: 'pg', connection: PG_ADMIN });
    await admin.raw(`create database ${PG_BENCH_DB}`);
    await admin.destroy();
    return knexFactory({
      client: 'pg',
      connection: `postgresql://postgres@127.0.0.1:5432/${PG_BENCH_DB}`,
    });
  }
  return knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
}

/** Counts the Karmada calls the service makes. */
function counting(client: KarmadaClient) {
  const counts = { list: 0, get: 0, replace: 0, create: 0 };
  const wrapped = Object.create(client) as KarmadaClient;
  wrapped.listClusters = async () => {
    counts.list++;
    return client.listClusters();
  };
  wrapped.getCluster = async name => {
    counts.get++;
    return client.getCluster(name);
  };
  wrapped.replaceCluster = async c => {
    counts.replace++;
    return client.replaceCluster(c);
  };
  wrapped.createCluster = async c => {
    counts.create++;
    return client.createCluster(c);
  };
  return { wrapped, counts };
}

async function main() {
  const objects = fleet();
  const sim: KarmadaSimulator = await startKarmadaSimulator({
    setup: s => {
      for (const c of objects)
        s.store.create('karmada', 'Cluster', c as any, { withStatus: true });
    },
  });
  const knex = await database();
  const db = { getClient: async () => knex, migrations: { skip: false } };
  const clusterStore = await DatabaseClusterStore.create({
    database: db as any,
  });
  const auditStore = await DatabaseAuditStore.create({ database: db as any });
  const karmada = new KarmadaClient({ url: sim.url, token: sim.token });
  const { wrapped, counts } = counting(karmada);
  const logger = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child: () => logger,
  } as any;
  const service = new ClusterService({
    karmada: wrapped,
    store: clusterStore,
    logger,
  });

  const app = express();
  app.use(
    await createRouter({
      auditStore,
      // Nor is the inference gateway's metering.
      usageStore: undefined as any,
      clusterService: service,
      // Deployments, presets, policies and namespaces are not exercised by this benchmark.
      deploymentService: undefined as any,
      presetService: undefined as any,
      policyService: undefined as any,
      teamNamespaceService: undefined as any,
      userInfo: undefined as any,
      auth: { isPrincipal: () => true } as any,
      httpAuth: {
        credentials: async () => ({
          principal: { type: 'user', userEntityRef: 'user:default/bench' },
        }),
      } as any,
      permissions: {
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
      } as any,
      logger,
      pingDatabase: async () => {},
      karmadaMode: 'embedded',
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  console.log(
    `H-MAS cluster benchmark: ${CLUSTERS} clusters (${UNLABELED} unlabeled), ${ROUNDS} rounds, store on ${
      process.env.HMAS_BENCH_DB === 'pg' ? 'PostgreSQL' : 'SQLite'
    }, Node ${process.version}`,
  );

  // Reconciler first, on the fresh fleet.
  const reconcileMs = await time(async () => {
    const r = await service.reconcileLabels();
    console.log(
      `reconciler pass 1: ${r.writes} writes of ${r.clusters} clusters, ${r.lists} LIST, ${r.conflicts} conflicts`,
    );
  });
  console.log(
    `  Karmada calls: ${counts.list} LIST, ${counts.get} GET, ${
      counts.replace
    } PUT; time ${fmt(reconcileMs)}`,
  );
  const audited = (await auditStore.list({ limit: 500 })).length;
  console.log(`  audit entries written: ${audited}`);
  Object.assign(counts, { list: 0, get: 0, replace: 0, create: 0 });
  const second = await time(async () => {
    const r = await service.reconcileLabels();
    console.log(`reconciler pass 2: ${r.writes} writes, ${r.lists} LIST`);
  });
  console.log(
    `  Karmada calls: ${counts.list} LIST, ${counts.get} GET, ${
      counts.replace
    } PUT; time ${fmt(second)}`,
  );

  // Warm both paths, then alternate them so both see the same machine load.
  for (let i = 0; i < 5; i++) {
    await fetch(`${apiUrl}/clusters`).then(r => r.json());
    await karmada.listClusters();
  }
  const api: number[] = [];
  const raw: number[] = [];
  const sizes: number[] = [];
  const fetchClusters = async () => {
    const body = await (await fetch(`${apiUrl}/clusters`)).text();
    sizes.push(body.length);
    JSON.parse(body);
  };
  for (let i = 0; i < ROUNDS; i++) {
    api.push(await time(fetchClusters));
    raw.push(await time(() => karmada.listClusters()));
  }
  const bytes = sizes[sizes.length - 1];
  const a = stats(api);
  const k = stats(raw);
  console.log(
    `GET /clusters (H-MAS, grouped by zone, ${(bytes / 1024).toFixed(
      0,
    )} KiB): p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}  mean ${fmt(a.mean)}`,
  );
  console.log(
    `raw LIST clusters (client-node → simulator):      p50 ${fmt(
      k.p50,
    )}  p95 ${fmt(k.p95)}  mean ${fmt(k.mean)}`,
  );
  console.log(
    `ratio p95 GET /clusters ÷ raw LIST: ${(a.p95 / k.p95).toFixed(
      2,
    )}× (goal ≤ 1.0×)`,
  );

  server.close();
  await knex.destroy();
  if (process.env.HMAS_BENCH_DB === 'pg') {
    const admin = knexFactory({ client: 'pg', connection: PG_ADMIN });
    await admin.raw(`drop database ${PG_BENCH_DB}`);
    await admin.destroy();
  }
  await sim.close();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
