import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the test reports go: test-results/reports at the repository root (git-ignored). */
export const TEST_REPORTS_DIR = resolve(
  resolvePackagePath('@h-mas/test-utils'),
  '..',
  '..',
  'test-results',
  'reports',
);

/**
 * Records a test's summary (fault counts, kills, passes seen) in
 * `test-results/reports/<name>.txt` instead of printing it, so a green Jest run stays quiet
 * while the figures stay at hand for notes and reviews. Each line is stamped with the time.
 */
export function recordTestReport(name: string, text: string): void {
  mkdirSync(TEST_REPORTS_DIR, { recursive: true });
  appendFileSync(
    resolve(TEST_REPORTS_DIR, `${name}.txt`),
    `${new Date().toISOString()} ${text}\n`,
  );
}
