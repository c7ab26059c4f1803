import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A backend running in a child process (see backendChild.ts). */
export interface BackendProcess {
  url: string;
  /** `kill -9`: no shutdown hook runs, in-flight requests are cut. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** What it printed so far (the last 200 kB), for a failing test to show. */
  output(): string;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => child.once('exit', () => resolve()));
}

/**
 * Starts the H-MAS backend plugin in a real Backstage backend (`createBackend`) in a child
 * process, with `config` (the `backend.listen.port` and `backend.baseUrl` are filled in).
 * Resolves once it listens; rejects with its output if it exits first.
 */
export async function startBackendProcess(
  config: Record<string, any>,
): Promise<BackendProcess> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmas-backend-'));
  const configFile = path.join(dir, 'app-config.json');
  const url = `http://127.0.0.1:${port}`;
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      ...config,
      backend: {
        ...config.backend,
        baseUrl: url,
        listen: { port, host: '127.0.0.1' },
      },
    }),
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'backendChild.ts'),
      '--config',
      configFile,
    ],
    {
      // Backstage looks for the package root upwards from the working directory.
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening\n')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', code =>
      reject(new Error(`backend exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
  // Keep draining its output so it never blocks on a full pipe.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout!.removeAllListeners('data').on('data', keep);
  child.stderr!.removeAllListeners('data').on('data', keep);
  return {
    url,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    output: () => output,
  };
}
