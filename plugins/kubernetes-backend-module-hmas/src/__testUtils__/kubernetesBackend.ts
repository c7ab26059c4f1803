/**
 * Runs `@backstage/plugin-kubernetes-backend` with the H-MAS cluster supplier as a process of
 * its own, against the Karmada in `HMAS_TEST_KARMADA` (`{ url, token }`), with the entities in
 * `HMAS_TEST_ENTITIES` in a mock catalog. Prints `{"port":N}` once it listens.
 *
 * Why a process: the kubernetes backend loads `@kubernetes/client-node` with a native dynamic
 * `import()` on every fetch, which Jest only runs with `--experimental-vm-modules`.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import type { AddressInfo } from 'node:net';
import { kubernetesModuleHmasKarmadaClusters } from '../module';

async function main() {
  const karmada = JSON.parse(process.env.HMAS_TEST_KARMADA ?? '{}') as {
    url: string;
    token: string;
  };
  const entities = JSON.parse(
    process.env.HMAS_TEST_ENTITIES ?? '[]',
  ) as Entity[];
  const { server } = await startTestBackend({
    features: [
      kubernetesPlugin,
      kubernetesModuleHmasKarmadaClusters,
      createServiceFactory({
        service: karmadaConnectionServiceRef,
        deps: {},
        factory: () => ({ ...karmada, skipTLSVerify: true }),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [],
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
