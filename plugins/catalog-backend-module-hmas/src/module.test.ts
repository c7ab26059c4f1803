import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import express from 'express';
import { testDeployment } from './__testUtils__/testDeployment';
import type { DeploymentWithStatus } from './deploymentEntity';
import { catalogModuleHmasEntityProvider } from './module';

jest.setTimeout(120_000);

/** A stand-in for the H-MAS backend: the two lists the catalog module reads. */
function fakeHmasBackend(deployments: () => DeploymentWithStatus[]) {
  return createBackendPlugin({
    pluginId: 'hmas',
    register(env) {
      env.registerInit({
        deps: { http: coreServices.httpRouter },
        async init({ http }) {
          const router = express.Router();
          router.get('/deployments', (_req, res) => {
            res.json({ items: deployments() });
          });
          router.get('/clusters', (_req, res) => {
            res.json({ zones: [] });
          });
          http.use(router);
        },
      });
    },
  });
}

/** The service a deployment serves, as examples/entities.yaml has it. */
const chatAssistant: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat-assistant',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'file:/examples/entities.yaml',
      'backstage.io/managed-by-origin-location': 'file:/examples/entities.yaml',
    },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'guests' },
};

/** Puts the service in the catalog, as a file location would. */
const serviceProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-services',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'test-services',
          async connect(connection: EntityProviderConnection) {
            await connection.applyMutation({
              type: 'full',
              entities: [{ entity: chatAssistant, locationKey: 'test' }],
            });
          },
        });
      },
    });
  },
});

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'the catalog with the H-MAS module, on %p',
  (databaseId: TestDatabaseId) => {
    it('keeps the served service’s relations to its deployments current as they come and go', async () => {
      let deployments: DeploymentWithStatus[] = [];
      const knex = await databases.init(databaseId);
      // The provider runs when the test says so (its schedule would, every minute).
      const scheduler = mockServices.scheduler();
      const refreshDeployments = () =>
        scheduler.triggerTask('hmas-deployments:refresh');
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleHmasEntityProvider,
          serviceProvider,
          fakeHmasBackend(() => deployments),
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
          mockServices.rootConfig.factory({
            data: {
              // Nothing is processed again on its own while the test runs.
              catalog: { processingInterval: { minutes: 30 } },
            },
          }),
        ],
      });
      try {
        const base = `http://localhost:${backend.server.port()}/api/catalog`;
        const get = async (path: string) =>
          fetch(`${base}${path}`, {
            headers: { authorization: mockCredentials.user.header() },
          });
        const service = async () => {
          const res = await get(
            '/entities/by-name/component/default/chat-assistant',
          );
          if (res.status === 404) return undefined;
          if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
          return (await res.json()) as Entity;
        };
        const dependsOn = async () =>
          ((await service())?.relations ?? [])
            .filter(r => r.type === 'dependsOn')
            .map(r => r.targetRef)
            .sort();
        const eventually = async <T>(read: () => Promise<T>, want: T) => {
          const deadline = Date.now() + 60_000;
          let last: T = await read();
          while (JSON.stringify(last) !== JSON.stringify(want)) {
            if (Date.now() > deadline) break;
            await new Promise(r => setTimeout(r, 250));
            last = await read();
          }
          return last;
        };

        // The annotation comes with the service's next processing, which may follow the
        // relations' re-stitch: it is waited for too.
        const annotation = async () =>
          (await service())?.metadata.annotations?.[
            'h-mas.io/model-deployments'
          ];
        const serviceRef = async () => (await service())?.metadata.name;
        expect(await eventually(serviceRef, 'chat-assistant')).toBe(
          'chat-assistant',
        );
        expect(await dependsOn()).toEqual([]);

        // A deployment linked to the service appears: the service depends on it.
        deployments = [
          testDeployment({
            name: 'chat-llama',
            entityRef: 'component:default/chat-assistant',
            spec: {
              name: 'chat-llama',
              entityRef: 'component:default/chat-assistant',
            },
          }),
        ];
        await refreshDeployments();
        expect(
          await eventually(dependsOn, ['resource:default/chat-llama']),
        ).toEqual(['resource:default/chat-llama']);
        expect(await eventually(annotation, 'chat-llama')).toBe('chat-llama');

        // A second one, then the first goes away.
        deployments = [
          ...deployments,
          testDeployment({
            id: 'second',
            name: 'chat-qwen',
            entityRef: 'component:default/chat-assistant',
          }),
        ];
        await refreshDeployments();
        expect(
          await eventually(dependsOn, [
            'resource:default/chat-llama',
            'resource:default/chat-qwen',
          ]),
        ).toEqual([
          'resource:default/chat-llama',
          'resource:default/chat-qwen',
        ]);
        deployments = deployments.slice(1);
        await refreshDeployments();
        expect(
          await eventually(dependsOn, ['resource:default/chat-qwen']),
        ).toEqual(['resource:default/chat-qwen']);

        // The last one is deleted: nothing left to depend on, and no stale annotation.
        deployments = [];
        await refreshDeployments();
        expect(await eventually(dependsOn, [])).toEqual([]);
        expect(await eventually(annotation, undefined)).toBeUndefined();
      } finally {
        await backend.stop();
      }
    });
  },
);
