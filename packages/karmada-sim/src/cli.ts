/**
 * `karmada-sim`: starts a simulator on a fixed port and writes its kubeconfig to a file.
 */

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { KarmadaSimulator } from './index';
import { startEmbeddedKarmada } from './embedded';

const USAGE = `Usage: karmada-sim [--port 7443] [--host 127.0.0.1] [--token TOKEN] [--read-only-token TOKEN] [--member NAME]... [--kubeconfig PATH] [--require-token] [--model-load-ms 3000] [--no-seed]

Starts a simulated Karmada control plane (kube-apiserver wire protocol) with the seed
fleet of member clusters and the controller loop that plays Karmada (propagation,
scheduling, overrides, pods that turn Ready after a simulated model load, Ready pods that
answer as their model server at --first-token-ms / --token-interval-ms), and writes a
kubeconfig with a context for 'karmada' and one per member. --member adds an empty member
API surface; --no-seed starts without the seed fleet. kubectl sends no token over plain
http, so requests without an Authorization header are accepted unless --require-token is
given; a wrong token is always rejected.`;

/**
 * Runs the CLI with the given arguments; resolves with the running simulator.
 * @internal
 */
export async function main(
  argv: string[],
): Promise<KarmadaSimulator | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '7443' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'read-only-token': { type: 'string' },
      member: { type: 'string', multiple: true, default: [] },
      kubeconfig: { type: 'string' },
      'require-token': { type: 'boolean', default: false },
      'model-load-ms': { type: 'string', default: '3000' },
      'first-token-ms': { type: 'string', default: '50' },
      'token-interval-ms': { type: 'string', default: '5' },
      'no-seed': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid --port ${values.port}`);
  }
  const modelLoadMs = Number(values['model-load-ms']);
  if (!Number.isFinite(modelLoadMs) || modelLoadMs < 0) {
    throw new Error(`invalid --model-load-ms ${values['model-load-ms']}`);
  }
  const pace = (flag: 'first-token-ms' | 'token-interval-ms') => {
    const ms = Number(values[flag]);
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`invalid --${flag} ${values[flag]}`);
    }
    return ms;
  };
  const { sim } = await startEmbeddedKarmada({
    port,
    modelLoadMs,
    modelServer: {
      firstTokenMs: pace('first-token-ms'),
      tokenIntervalMs: pace('token-interval-ms'),
    },
    seed: !values['no-seed'],
    host: values.host,
    token: values.token,
    readOnlyToken: values['read-only-token'],
    members: values.member,
    // kubectl sends no bearer token over plain http (client-go only sends credentials over TLS).
    anonymous: !values['require-token'],
    logger: {
      info: msg => process.stdout.write(`${msg}\n`),
      warn: msg => process.stderr.write(`${msg}\n`),
    },
  });
  const path =
    values.kubeconfig ?? join(tmpdir(), `karmada-sim-${port}.kubeconfig`);
  writeFileSync(path, sim.kubeconfig(), { mode: 0o600 });
  process.stdout.write(`karmada-sim listening on ${sim.url}\n`);
  process.stdout.write(`kubeconfig written to ${path}\n`);
  process.stdout.write(`  export KUBECONFIG=${path}\n`);
  process.stdout.write(
    `read-only token: ${sim.readOnlyToken} (kubeconfig context karmada-readonly)\n`,
  );
  return sim;
}

/**
 * Runs the CLI as a process: exits on a start error, closes the simulator on SIGINT/SIGTERM.
 * @internal
 */
export function run(argv: string[] = process.argv.slice(2)): void {
  main(argv).then(
    sim => {
      if (!sim) return;
      const stop = () => {
        sim.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    e => {
      process.stderr.write(
        `karmada-sim: ${e instanceof Error ? e.message : e}\n`,
      );
      process.exit(1);
    },
  );
}

if (require.main === module) run();
