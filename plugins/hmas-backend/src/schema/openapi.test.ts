import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const script = path.join(root, 'scripts/openapi-generate.js');
const specFile = path.join(__dirname, 'openapi.yaml');

/** Runs the generator's drift check, optionally on another description. */
function check(spec?: string) {
  const result = spawnSync(
    process.execPath,
    [script, '--check', ...(spec ? ['--spec', spec] : [])],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the OpenAPI description', () => {
  jest.setTimeout(60_000);

  it('matches the committed router, types and client generated from it', () => {
    const { status, output } = check();
    // On failure the output names the stale files: run `yarn openapi:generate`.
    expect(output).toContain('up to date');
    expect(status).toBe(0);
  });

  it('makes the check fail when it changes and the generated files do not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmas-openapi-'));
    try {
      const same = path.join(dir, 'same.yaml');
      fs.copyFileSync(specFile, same);
      expect(check(same).status).toBe(0);

      const changed = path.join(dir, 'changed.yaml');
      fs.writeFileSync(
        changed,
        fs
          .readFileSync(specFile, 'utf8')
          .replace('operationId: getCluster\n', 'operationId: readCluster\n'),
      );
      const { status, output } = check(changed);
      expect(status).toBe(1);
      expect(output).toContain(
        'plugins/hmas-common/src/client/generated/HmasApiClient.ts',
      );
      expect(output).toContain(
        'plugins/hmas-backend/src/schema/openapi/generated/router.ts',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
