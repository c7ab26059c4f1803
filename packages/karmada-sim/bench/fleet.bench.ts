/*
 * Benchmark of issue #3 (acceptance 9): p50/p95 of a LIST of 1,000 Clusters from the
 * simulator over HTTP, and the simulator's memory with 1,000 clusters + 10,000 Deployments
 * (budget ≤ 500 MB). The simulator runs as `make start` embeds it (admission, controller);
 * every object is written through its HTTP API. Prints figures; asserts nothing about time.
 *
 *   make bench            (or: yarn bench:sim)
 */
import { seedFleet, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { performance } from 'node:perf_hooks';

const CLUSTERS = Number(process.env.HMAS_BENCH_CLUSTERS ?? 1000);
const DEPLOYMENTS = Number(process.env.HMAS_BENCH_DEPLOYMENTS ?? 10000);
const ROUNDS = Number(process.env.HMAS_BENCH_ROUNDS ?? 100);
const NAMESPACES = 10;
const MB = 1024 * 1024;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB };
}

function fail(message: string): never {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}

async function main() {
  if (!(globalThis as { gc?: unknown }).gc) {
    console.log('(run with node --expose-gc for settled memory figures)');
  }
  const before = memory();
  const karmada = await startEmbeddedKarmada({ seed: false, resyncMs: 0 });
  const { url, token } = karmada.sim;
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const post = async (path: string, body: object) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (res.status !== 201)
      fail(`POST ${path}: ${res.status} ${await res.text()}`);
  };

  try {
    // 1,000 clusters: the seed fleet's seven kinds of cluster, round robin.
    const templates = seedFleet().clusters;
    let start = performance.now();
    for (let i = 0; i < CLUSTERS; i++) {
      const t = templates[i % templates.length] as any;
      const { status, ...rest } = t;
      const name = `${t.metadata.name}-${i}`;
      await post('/apis/cluster.karmada.io/v1alpha1/clusters', {
        ...rest,
        metadata: { ...t.metadata, name, resourceVersion: undefined },
      });
    }
    const clusterSeconds = (performance.now() - start) / 1000;

    start = performance.now();
    for (let n = 0; n < NAMESPACES; n++) {
      await post('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `bench-${n}` },
      });
    }
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const ns = `bench-${i % NAMESPACES}`;
      const name = `model-${i}`;
      await post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name,
          namespace: ns,
          labels: {
            'h-mas.io/deployment': name,
            'backstage.io/kubernetes-id': name,
          },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { 'h-mas.io/deployment': name } },
          template: {
            metadata: { labels: { 'h-mas.io/deployment': name } },
            spec: {
              containers: [
                {
                  name: 'model-server',
                  image: 'vllm/vllm-openai:v0.11.0',
                  args: [
                    '--model',
                    'Qwen/Qwen2.5-7B-Instruct',
                    '--port',
                    '8000',
                  ],
                  ports: [{ containerPort: 8000, name: 'http' }],
                  resources: {
                    requests: {
                      cpu: '4',
                      memory: '24Gi',
                      'nvidia.com/gpu': '1',
                    },
                    limits: { memory: '24Gi', 'nvidia.com/gpu': '1' },
                  },
                },
              ],
            },
          },
        },
      });
    }
    const deploymentSeconds = (performance.now() - start) / 1000;

    // LIST of every Cluster, as a client (and H-MAS's cache refresh) reads it.
    const samples: number[] = [];
    let items = 0;
    let bytes = 0;
    for (let r = 0; r < ROUNDS + 5; r++) {
      const t0 = performance.now();
      const res = await fetch(
        `${url}/apis/cluster.karmada.io/v1alpha1/clusters`,
        {
          headers,
        },
      );
      const text = await res.text();
      const elapsed = performance.now() - t0;
      if (res.status !== 200) fail(`LIST clusters: ${res.status}`);
      items = JSON.parse(text).items.length;
      bytes = text.length;
      if (r >= 5) samples.push(elapsed); // the first rounds warm the JIT
    }
    if (items !== CLUSTERS)
      fail(`LIST returned ${items} clusters, expected ${CLUSTERS}`);

    const after = memory();
    const budget = 500;
    console.log(
      `karmada-sim fleet benchmark (${CLUSTERS} clusters, ${DEPLOYMENTS} Deployments)`,
    );
    console.log(
      `  setup over HTTP: ${CLUSTERS} clusters in ${clusterSeconds.toFixed(
        1,
      )} s, ${DEPLOYMENTS} Deployments in ${deploymentSeconds.toFixed(1)} s`,
    );
    console.log(
      `  LIST ${CLUSTERS} Clusters (${(bytes / MB).toFixed(
        1,
      )} MB JSON), ${ROUNDS} rounds: p50 ${percentile(samples, 0.5).toFixed(
        1,
      )} ms, p95 ${percentile(samples, 0.95).toFixed(1)} ms`,
    );
    console.log(
      `  memory: rss ${after.rss.toFixed(
        0,
      )} MB (process before the simulator: ${before.rss.toFixed(
        0,
      )} MB), heap used ${after.heap.toFixed(
        0,
      )} MB (before: ${before.heap.toFixed(
        0,
      )} MB); budget ≤ ${budget} MB rss → ${
        after.rss <= budget ? 'within' : 'OVER'
      }`,
    );
  } finally {
    await karmada.close();
  }
}

main().catch(e => fail(e instanceof Error ? e.stack ?? e.message : String(e)));
