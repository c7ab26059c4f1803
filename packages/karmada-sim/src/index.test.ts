import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startKarmadaSimulator } from './index';
import { main } from './cli';
import { CONTROL_PLANE } from './types';

describe('startKarmadaSimulator', () => {
  it('writes a kubeconfig client-node can use for the control plane and each member', async () => {
    const sim = await startKarmadaSimulator({
      token: 't0k3n',
      members: ['member1', 'member2'],
    });
    try {
      const doc = parse(sim.kubeconfig());
      expect(doc['current-context']).toBe(CONTROL_PLANE);
      expect(doc.contexts.map((c: any) => c.name)).toEqual([
        'karmada',
        'member1',
        'member2',
        // The control plane as the read-only user.
        'karmada-readonly',
      ]);
      expect(doc.clusters[1].cluster.server).toBe(
        `${sim.url}/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy`,
      );
      expect(doc.users[0].user.token).toBe('t0k3n');
      const kc = new KubeConfig();
      kc.loadFromString(sim.kubeconfig());
      kc.setCurrentContext('member2');
      const core = kc.makeApiClient(CoreV1Api);
      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'only-here' },
          spec: { containers: [{ name: 'c', image: 'i' }] },
        },
      });
      expect(
        sim.store.get('member2', 'pods', 'only-here').metadata.namespace,
      ).toBe('default');
      expect(sim.store.tryGet('member1', 'pods', 'only-here')).toBeUndefined();
    } finally {
      await sim.close();
    }
  });

  it('runs setup before listening and its cleanup on close', async () => {
    const calls: string[] = [];
    const sim = await startKarmadaSimulator({
      setup: s => {
        calls.push(`setup ${s.url === '' ? 'before listen' : 'after listen'}`);
        s.store.addCluster('seeded');
        s.onChange(e =>
          calls.push(`${e.type} ${e.cluster}/${e.object.metadata.name}`),
        );
        return () => {
          calls.push('cleanup');
        };
      },
    });
    sim.store.create('seeded', 'configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
    await sim.close();
    await sim.close();
    expect(calls).toEqual(['setup before listen', 'ADDED seeded/x', 'cleanup']);
  });

  it('only accepts requests without a token when anonymous is on', async () => {
    const sim = await startKarmadaSimulator({ anonymous: true });
    try {
      expect((await fetch(`${sim.url}/api/v1/namespaces`)).status).toBe(200);
      const wrong = await fetch(`${sim.url}/api/v1/namespaces`, {
        headers: { Authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(401);
    } finally {
      await sim.close();
    }
  });
});

describe('cli', () => {
  it('starts a simulator and writes the kubeconfig file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karmada-sim-cli-'));
    const path = join(dir, 'kubeconfig');
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    try {
      const sim = await main([
        '--port',
        '0',
        '--member',
        'm1',
        '--kubeconfig',
        path,
        '--token',
        'cli',
        '--no-seed',
      ]);
      expect(sim).toBeDefined();
      const doc = parse(readFileSync(path, 'utf8'));
      expect(doc.contexts.map((c: any) => c.name)).toEqual([
        'karmada',
        'm1',
        'karmada-readonly',
      ]);
      expect(write).toHaveBeenCalledWith(`kubeconfig written to ${path}\n`);
      // kubectl sends no token over http, so the CLI serves anonymous requests.
      expect((await fetch(`${sim!.url}/api/v1/namespaces`)).status).toBe(200);
      await sim!.close();
    } finally {
      write.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts the seeded, behaving fleet by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karmada-sim-cli-'));
    const path = join(dir, 'kubeconfig');
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    try {
      const sim = await main([
        '--port',
        '0',
        '--kubeconfig',
        path,
        '--model-load-ms',
        '0',
      ]);
      const doc = parse(readFileSync(path, 'utf8'));
      expect(doc.contexts.map((c: any) => c.name)).toEqual(
        expect.arrayContaining(['karmada', 'gpu-hp-seoul', 'edge-joined']),
      );
      const res = await fetch(
        `${sim!.url}/apis/cluster.karmada.io/v1alpha1/clusters`,
      );
      const list = await res.json();
      expect(list.items).toHaveLength(7);
      await sim!.close();
      await expect(main(['--model-load-ms', 'soon'])).rejects.toThrow(
        'invalid --model-load-ms soon',
      );
      await expect(main(['--first-token-ms=-1'])).rejects.toThrow(
        'invalid --first-token-ms -1',
      );
      await expect(main(['--token-interval-ms', 'x'])).rejects.toThrow(
        'invalid --token-interval-ms x',
      );
    } finally {
      write.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
