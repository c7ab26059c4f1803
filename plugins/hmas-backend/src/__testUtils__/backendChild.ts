/*
 * A real Backstage backend with only the H-MAS plugin, for tests that kill it with SIGKILL
 * and start it again. Started by `startBackendChild` (see crashRecovery.test.ts) with
 * `--config <file>`; it prints `listening` once its HTTP server is up.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('..'));
backend.start().then(
  () => process.stdout.write('listening\n'),
  error => {
    process.stderr.write(`backend failed to start: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
