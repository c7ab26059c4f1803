/**
 * Conformance with the real `kubectl` against the standalone simulator (as the CLI starts
 * it: anonymous, because kubectl sends no bearer token over plain http). Skipped, loudly,
 * when kubectl is not installed; Tables and OpenAPI also have HTTP tests (table.test.ts,
 * openapiV3.test.ts) and the printers pure ones (printers.test.ts).
 */

import { execFile, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import YAML from 'yaml';
import { startEmbeddedKarmada, type EmbeddedKarmada } from '../embedded';

const run = promisify(execFile);

const MANIFESTS = (image: string, value: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kc-web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: kc-web}
  template:
    metadata:
      labels: {app: kc-web}
    spec:
      containers:
      - name: web
        image: ${image}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kc-cfg
  namespace: default
data:
  a: "${value}"
`;

/** The header line of a table: the column names, split on runs of two or more spaces. */
function header(out: string): string[] {
  return out
    .split('\n')[0]
    .trim()
    .split(/\s{2,}/);
}

describe('kubectl against the simulator', () => {
  let kubectl: string | undefined;
  let karmada: EmbeddedKarmada | undefined;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    try {
      await run('kubectl', ['version', '--client']);
      kubectl = 'kubectl';
    } catch {
      kubectl = undefined;
      // eslint-disable-next-line no-console
      console.warn(
        'SKIPPED: kubectl not found; the kubectl conformance tests did not run',
      );
      return;
    }
    karmada = await startEmbeddedKarmada({ anonymous: true, resyncMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'karmada-sim-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, karmada.sim.kubeconfig());
  });

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await karmada?.close();
  });

  const kc = async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await run(
        kubectl!,
        ['--kubeconfig', kubeconfig, ...args],
        { timeout: 20_000 },
      );
      return stdout;
    } catch (e: any) {
      throw new Error(
        `kubectl ${args.join(' ')} failed: ${e.stderr || e.message}`,
      );
    }
  };

  /** Writes a file into the temp dir and returns its path. */
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('gets tables with the server-printed columns', async () => {
    if (!kubectl) return;
    const clusters = await kc('get', 'clusters');
    expect(header(clusters)).toEqual([
      'NAME',
      'VERSION',
      'MODE',
      'READY',
      'AGE',
    ]);
    expect(clusters).toMatch(
      /\n\S+\s+v1\.\d+\.\d+\s+(Push|Pull)\s+(True|False)/,
    );
    expect(header(await kc('get', 'namespaces'))).toEqual([
      'NAME',
      'STATUS',
      'AGE',
    ]);
    const member = YAML.parse(karmada!.sim.kubeconfig()).contexts.find(
      (c: any) => c.name !== 'karmada' && !c.name.endsWith('-readonly'),
    ).name;
    expect(header(await kc('--context', member, 'get', 'nodes'))).toEqual([
      'NAME',
      'STATUS',
      'ROLES',
      'AGE',
      'VERSION',
    ]);
    expect(
      header(await kc('--context', member, 'get', 'priorityclasses')),
    ).toEqual(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
  });

  it('applies client-side: created, then configured, with the columns of deployments', async () => {
    if (!kubectl) return;
    const first = await kc(
      'apply',
      '-f',
      file('v1.yaml', MANIFESTS('nginx:1.27', '1')),
    );
    expect(first).toContain('deployment.apps/kc-web created');
    expect(first).toContain('configmap/kc-cfg created');
    const second = await kc(
      'apply',
      '-f',
      file('v2.yaml', MANIFESTS('nginx:1.28', '2')),
    );
    expect(second).toContain('deployment.apps/kc-web configured');
    expect(second).toContain('configmap/kc-cfg configured');
    const deploy = JSON.parse(
      await kc('get', 'deployment', 'kc-web', '-o', 'json'),
    );
    expect(deploy.spec.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(
      deploy.metadata.annotations[
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toContain('nginx:1.28');
    expect(header(await kc('get', 'deployments'))).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
    ]);
    const cms = await kc('get', 'configmaps');
    expect(header(cms)).toEqual(['NAME', 'DATA', 'AGE']);
    expect(cms).toMatch(/\nkc-cfg\s+1\s+/);
    // The admission propagates nothing without a policy; a PropagationPolicy prints its columns.
    await kc(
      'apply',
      '-f',
      file(
        'pp.yaml',
        `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: kc-pp, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: v1, kind: ConfigMap, name: kc-cfg}
  placement: {}
`,
      ),
    );
    const pps = await kc('get', 'propagationpolicies');
    expect(header(pps)).toEqual([
      'NAME',
      'CONFLICT-RESOLUTION',
      'PRIORITY',
      'AGE',
    ]);
    expect(pps).toMatch(/\nkc-pp\s+Abort\s+0\s+/);
  });

  it('gets -o json and -o yaml', async () => {
    if (!kubectl) return;
    const json = JSON.parse(
      await kc('get', 'configmap', 'kc-cfg', '-o', 'json'),
    );
    expect(json).toMatchObject({ kind: 'ConfigMap', data: { a: '2' } });
    const list = YAML.parse(await kc('get', 'configmaps', '-o', 'yaml'));
    expect(list.kind).toBe('List');
    expect(list.items.map((i: any) => i.metadata.name)).toContain('kc-cfg');
  });

  it('applies server-side: a conflict with the client-side owner, then forced', async () => {
    if (!kubectl) return;
    const ssa = file('ssa.yaml', MANIFESTS('nginx:1.29', '3'));
    await expect(
      kc('apply', '--server-side', '--field-manager', 'kc-test', '-f', ssa),
    ).rejects.toThrow(/conflict with "kubectl-client-side-apply"/);
    const out = await kc(
      'apply',
      '--server-side',
      '--force-conflicts',
      '--field-manager',
      'kc-test',
      '-f',
      ssa,
    );
    expect(out).toContain('deployment.apps/kc-web serverside-applied');
    expect(out).toContain('configmap/kc-cfg serverside-applied');
    expect(
      await kc('get', 'configmap', 'kc-cfg', '-o', 'jsonpath={.data.a}'),
    ).toBe('3');
  });

  it('labels, patches (merge and json) and deletes', async () => {
    if (!kubectl) return;
    expect(await kc('label', 'configmap', 'kc-cfg', 'tier=web')).toContain(
      'configmap/kc-cfg labeled',
    );
    expect(
      await kc(
        'get',
        'configmap',
        'kc-cfg',
        '-o',
        'jsonpath={.metadata.labels.tier}',
      ),
    ).toBe('web');
    expect(
      await kc(
        'patch',
        'configmap',
        'kc-cfg',
        '--type',
        'merge',
        '-p',
        '{"data":{"b":"x"}}',
      ),
    ).toContain('configmap/kc-cfg patched');
    expect(
      await kc(
        'patch',
        'configmap',
        'kc-cfg',
        '--type',
        'json',
        '-p',
        '[{"op":"replace","path":"/data/a","value":"j"}]',
      ),
    ).toContain('configmap/kc-cfg patched');
    const cm = JSON.parse(await kc('get', 'configmap', 'kc-cfg', '-o', 'json'));
    expect(cm.data).toEqual({ a: 'j', b: 'x' });
    expect(await kc('delete', 'deployment', 'kc-web')).toContain(
      'deployment.apps "kc-web" deleted',
    );
    await expect(kc('get', 'deployment', 'kc-web')).rejects.toThrow(
      /NotFound|not found/,
    );
  });

  it('watches until an event', async () => {
    if (!kubectl) return;
    const child = spawn(
      kubectl,
      [
        '--kubeconfig',
        kubeconfig,
        'get',
        'configmaps',
        '--watch',
        '--request-timeout',
        '20s',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', d => {
      out += String(d);
    });
    const seen = (pattern: RegExp, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const start = Date.now();
        const tick = setInterval(() => {
          if (pattern.test(out)) {
            clearInterval(tick);
            resolve();
          } else if (Date.now() - start > timeoutMs) {
            clearInterval(tick);
            reject(new Error(`timed out waiting for ${pattern}; got:\n${out}`));
          }
        }, 50);
      });
    try {
      await seen(/NAME\s+DATA\s+AGE\n(.*\n)*kc-cfg\s+2\s/);
      await kc(
        'patch',
        'configmap',
        'kc-cfg',
        '--type',
        'merge',
        '-p',
        '{"data":{"c":"y"}}',
      );
      // The MODIFIED event: kc-cfg again, now with 3 keys.
      await seen(/kc-cfg\s+3\s/);
      expect(out.match(/NAME\s+DATA\s+AGE/g)).toHaveLength(1);
    } finally {
      child.kill();
    }
  });

  it('explains Karmada kinds from the OpenAPI v3 schemas', async () => {
    if (!kubectl) return;
    const placement = await kc('explain', 'propagationpolicies.spec.placement');
    expect(placement).toMatch(/GROUP:\s+policy\.karmada\.io/);
    expect(placement).toMatch(/KIND:\s+PropagationPolicy/);
    expect(placement).toMatch(/FIELD: placement <Object>/);
    expect(placement).toMatch(/clusterAffinity\s+<Object>/);
    expect(placement).toMatch(/replicaScheduling\s+<Object>/);
    const clusters = await kc('explain', 'clusters');
    expect(clusters).toMatch(/KIND:\s+Cluster/);
    expect(clusters).toMatch(/spec\s+<Object>/);
    expect(await kc('explain', 'clusters.spec.syncMode')).toMatch(
      /syncMode <string>/,
    );
    expect(await kc('explain', 'configmap.data')).toMatch(
      /data <map\[string\]string>/,
    );
  });

  it('lists what each context may do (auth can-i --list)', async () => {
    if (!kubectl) return;
    /** The rows of `can-i --list`: resources, non-resource URLs, resource names, verbs. */
    const rows = (out: string) =>
      out
        .trim()
        .split('\n')
        .slice(1)
        // A non-resource row has no resource: it starts with the column's blank.
        .map(line => line.trimEnd().split(/\s{2,}/));
    const admin = rows(await kc('auth', 'can-i', '--list'));
    expect(admin).toContainEqual(['*.*', '[]', '[]', '[*]']);
    expect(admin).toContainEqual(['', '[*]', '[]', '[*]']);
    expect(admin).toContainEqual([
      'selfsubjectaccessreviews.authorization.k8s.io',
      '[]',
      '[]',
      '[create]',
    ]);
    expect(admin).toContainEqual(['', '[/apis/*]', '[]', '[get]']);
    const viewer = rows(
      await kc('--context', 'karmada-readonly', 'auth', 'can-i', '--list'),
    );
    expect(viewer).toContainEqual(['*.*', '[]', '[]', '[get list watch]']);
    expect(viewer).toContainEqual([
      'selfsubjectrulesreviews.authorization.k8s.io',
      '[]',
      '[]',
      '[create]',
    ]);
    expect(viewer).toContainEqual(['', '[/version]', '[]', '[get]']);
    // No `*` verbs and no `*` URL for the read-only user.
    expect(viewer.some(r => r[3] === '[*]')).toBe(false);
    expect(viewer.some(r => r[1] === '[*]')).toBe(false);
    // And `can-i` agrees with it.
    await expect(
      kc('--context', 'karmada-readonly', 'auth', 'can-i', 'create', 'pods'),
    ).rejects.toThrow();
    expect((await kc('auth', 'can-i', 'create', 'pods')).trim()).toBe('yes');
  });
});
