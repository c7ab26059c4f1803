import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../../..');

describe('the generated policy spec schemas', () => {
  it('match the CRDs the simulator vendors (run `yarn policy-schemas:generate` if not)', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/policy-schemas-generate.js'), '--check'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(`${result.stdout}${result.stderr}`).toContain('is up to date');
    expect(result.status).toBe(0);
  });
});
