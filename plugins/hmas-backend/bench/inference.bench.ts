/*
 * Benchmark of the inference gateway against calling the replica directly, in one run, both
 * sides over HTTP from the same loaders against the same simulated model server. Three
 * processes, as in production where the model server runs elsewhere: the simulator
 * (`karmada-sim`, a child process), the H-MAS backend (this process, with the real
 * permission backend and a mock user token), and for throughput a load generator
 * (`bench/loader.mjs`, a child process, so it shares neither server's event loop).
 *
 *   - direct:  the member's service proxy through Karmada's cluster proxy, with Karmada's
 *              token (what the gateway itself calls);
 *   - gateway: POST /api/hmas/inference/default.chat/v1/completions on the H-MAS backend,
 *              with a user token: Backstage auth, the deployment row, hmas.inference.invoke
 *              (decisions reused for hmas.inference.permissionCacheMs, default 5 s), the ready
 *              clusters (reused 2 s), the usage meter, then the same upstream call.
 *
 *   1. Added latency: sequential completions from this process, the two sides interleaved
 *      request by request; p50 and p99 of each and of the difference (goal ≤ 1 ms p50).
 *   2. Throughput: the loader process with 16 concurrent callers for 2 s a side, alternated
 *      three times (goal ≥ 90 % of direct).
 *   3. Time to first streamed chunk (stream: true), interleaved (goal within 1 ms of direct).
 *
 * The model server answers after `--first-token-ms` (5 ms) with 1 ms between tokens; a
 * completion asks for 1 token (so a reply is ~5 ms on both sides). All three processes share
 * this machine's cores: the gateway's own CPU per call competes with the simulator's and the
 * loader's, which a gateway on its own hosts would not. The user token is a mock one (no JWT
 * signature check); the usage meter writes to SQLite every 5 s. Prints figures; asserts
 * nothing about time; exits 1 when a call fails.
 *
 *   yarn bench:inference        (HMAS_BENCH_ROUNDS=1000 for more samples)
 */
import { execFile, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { EmbeddedKarmada } from '@h-mas/karmada-sim';
import {
  as,
  start as startBackend,
} from '../src/__testUtils__/permissionBackend';
import { llamaOnCpu, until } from '../src/__testUtils__/deployments';
import { fmt, stats } from './measure';

const ROUNDS = Number(process.env.HMAS_BENCH_ROUNDS ?? 300);
const WARMUP = 30;
const CONCURRENCY = 16;
const WINDOW_MS = 2_000;
const OWNER = 'user:default/rita';
const MODEL = 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf';
const TOKEN = 'bench-karmada-token';
const ROOT = resolve(__dirname, '../../..');

const p = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

/** Starts the simulator in its own process; resolves with its URL once it listens. */
function startSimulator() {
  const child = spawn(
    process.execPath,
    [
      resolve(ROOT, 'packages/karmada-sim/bin/karmada-sim'),
      ...['--port', '0', '--token', TOKEN, '--require-token'],
      ...['--model-load-ms', '100'],
      ...['--first-token-ms', '5', '--token-interval-ms', '1'],
      ...['--kubeconfig', resolve(tmpdir(), 'hmas-bench-karmada.kubeconfig')],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise<{ url: string; stop: () => void }>((done, fail) => {
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        done({ url, stop: () => child.kill('SIGTERM') });
      }
    });
    child.once('exit', code => fail(new Error(`karmada-sim exited ${code}`)));
  });
}

async function main() {
  const simulator = await startSimulator();
  const karmada = { url: simulator.url, token: TOKEN } as EmbeddedKarmada;
  const server = await startBackend(karmada);
  const port = (server.address() as AddressInfo).port;
  const created = await request(server)
    .post('/api/hmas/deployments')
    .set(as(OWNER))
    .send(llamaOnCpu('chat', { owner: 'group:default/ml-research' }));
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const id = created.body.deployment.id;
  const cluster = await until('a ready replica', async () => {
    const res = await request(server)
      .get(`/api/hmas/deployments/${id}`)
      .set(as(OWNER));
    return res.body.status?.clusters?.find(
      (c: { readyReplicas: number }) => c.readyReplicas > 0,
    )?.cluster as string | undefined;
  });

  const sides = {
    direct: {
      url: `${simulator.url}/apis/cluster.karmada.io/v1alpha1/clusters/${cluster}/proxy/api/v1/namespaces/default/services/chat:http/proxy`,
      headers: { Authorization: `Bearer ${TOKEN}` } as Record<string, string>,
    },
    gateway: {
      url: `http://127.0.0.1:${port}/api/hmas/inference/default.chat`,
      headers: as(OWNER) as Record<string, string>,
    },
  };
  type Side = keyof typeof sides;
  const call = async (side: Side, body: Record<string, unknown>) => {
    const res = await fetch(`${sides[side].url}/v1/completions`, {
      method: 'POST',
      headers: { ...sides[side].headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 1, ...body }),
    });
    if (res.status !== 200) {
      throw new Error(`${side}: HTTP ${res.status} ${await res.text()}`);
    }
    return res;
  };
  const complete = async (side: Side) => {
    const began = performance.now();
    await (await call(side, { prompt: 'bench' })).json();
    return performance.now() - began;
  };
  const firstChunk = async (side: Side) => {
    const began = performance.now();
    const res = await call(side, {
      prompt: 'bench',
      stream: true,
      max_tokens: 3,
    });
    const reader = res.body!.getReader();
    await reader.read();
    const at = performance.now() - began;
    while (!(await reader.read()).done);
    return at;
  };

  // 1. Added latency, interleaved.
  for (let i = 0; i < WARMUP; i++) {
    await complete('direct');
    await complete('gateway');
  }
  const latency = { direct: [] as number[], gateway: [] as number[] };
  const added: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order: Side[] = i % 2 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    const t: Record<string, number> = {};
    for (const side of order) t[side] = await complete(side);
    latency.direct.push(t.direct);
    latency.gateway.push(t.gateway);
    added.push(t.gateway - t.direct);
  }

  // 2. Throughput, alternated windows, from the loader process.
  const served = { direct: 0, gateway: 0 };
  const elapsed = { direct: 0, gateway: 0 };
  for (let round = 0; round < 3; round++) {
    for (const side of ['direct', 'gateway'] as Side[]) {
      const { stdout } = await promisify(execFile)(process.execPath, [
        resolve(__dirname, 'loader.mjs'),
        `${sides[side].url}/v1/completions`,
        String(CONCURRENCY),
        String(WINDOW_MS),
        JSON.stringify({
          ...sides[side].headers,
          'Content-Type': 'application/json',
        }),
        JSON.stringify({ model: MODEL, max_tokens: 1, prompt: 'bench' }),
      ]);
      const window = JSON.parse(stdout);
      if (window.failed > 0) {
        throw new Error(`${side}: ${window.failed} calls failed under load`);
      }
      served[side] += window.served;
      elapsed[side] += window.elapsedMs;
    }
  }
  const rps = (side: Side) => (served[side] / elapsed[side]) * 1000;

  // 3. Time to first streamed chunk, interleaved.
  const ttft = { direct: [] as number[], gateway: [] as number[] };
  for (let i = 0; i < Math.min(ROUNDS, 200); i++) {
    ttft.direct.push(await firstChunk('direct'));
    ttft.gateway.push(await firstChunk('gateway'));
  }

  const row = (name: string, s: number[]) =>
    `  ${name.padEnd(8)} p50 ${fmt(p(s, 0.5))}  p99 ${fmt(
      p(s, 0.99),
    )}  mean ${fmt(stats(s).mean)}`;
  console.log(
    [
      `Inference gateway vs direct (one ${cluster} replica; simulator, backend and loader in three processes; model server 5 ms to first token; ${ROUNDS} interleaved rounds after ${WARMUP} warm-up)`,
      '1. completion latency (1 token)',
      row('direct', latency.direct),
      row('gateway', latency.gateway),
      `  added    p50 ${fmt(p(added, 0.5))}  p99 ${fmt(
        p(added, 0.99),
      )}  (goal p50 ≤ 1 ms)`,
      `2. throughput, loader process with ${CONCURRENCY} concurrent callers, 3 × ${
        WINDOW_MS / 1000
      } s a side`,
      `  direct   ${rps('direct').toFixed(0)} req/s`,
      `  gateway  ${rps('gateway').toFixed(0)} req/s  = ${(
        (100 * rps('gateway')) /
        rps('direct')
      ).toFixed(0)} % of direct (goal ≥ 90 %)`,
      '3. time to first streamed chunk',
      row('direct', ttft.direct),
      row('gateway', ttft.gateway),
      `  added    p50 ${fmt(
        p(ttft.gateway, 0.5) - p(ttft.direct, 0.5),
      )}  (goal within 1 ms)`,
    ].join('\n'),
  );
  simulator.stop();
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
