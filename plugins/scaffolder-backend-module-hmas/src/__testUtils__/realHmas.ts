import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  EmbeddedKarmada,
  KubeObject,
  startEmbeddedKarmada,
} from '@h-mas/karmada-sim';
// Test code only (a devDependency): the actions are run against the real backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import hmasPlugin from '@h-mas/plugin-hmas-backend';
import { actorAwareMockAuth, mockAuthWithActors } from '@h-mas/test-utils';
import hmasPolicyModule from '@h-mas/plugin-permission-backend-module-hmas-policy';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import permissionPlugin from '@backstage/plugin-permission-backend';
import type { AuditEntry, AuditTargetKind } from '@h-mas/plugin-hmas-common';
import { karmadaConnectionServiceRef } from '@h-mas/plugin-hmas-node';
import { HmasActionOptions } from '../hmasClient';

/** A deployment the simulator's seed fleet always places: TinyLlama on llama.cpp, CPU Only. */
export const llamaOnCpu = {
  name: 'llama-cpu',
  model: {
    modelId: 'tinyllama-1.1b',
    hfRepo: 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF',
    hfFile: 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf',
    sizeGb: 1,
  },
  runtime: 'llamacpp',
  gpuMode: 'cpu',
  placement: { mode: 'zone', zone: 'cpu-only' },
};

/** The user the scaffolder tasks run as; not the mock default, so the token must carry it. */
export const INITIATOR = 'user:default/ada';

/** The control plane's name in the simulator's store. */
const KARMADA = 'karmada';

/** Options of {@link startRealHmas}. */
export interface RealHmasOptions {
  /** The database of the H-MAS backend (from `TestDatabases.init`). */
  knex: Awaited<ReturnType<TestDatabases['init']>>;
  /** Namespaces to create on the Karmada control plane besides the simulator's defaults. */
  namespaces?: string[];
  /**
   * Runs the real permission backend with the portal's policy
   * (`@h-mas/plugin-permission-backend-module-hmas-policy`) instead of the allow-all mock;
   * the users' groups, as the catalog would say.
   */
  groups?: Record<string, string[]>;
}

/** The real H-MAS backend on a real HTTP server, with the Karmada simulator behind it. */
export interface RealHmas {
  karmada: EmbeddedKarmada;
  /** `http://localhost:<port>/api/hmas` */
  baseUrl: string;
  /** What the action factories get: discovery of the test backend, mock auth, global fetch. */
  options: HmasActionOptions;
  /** A GET on the H-MAS REST API as `user`; answers the status and the parsed body. */
  get(path: string, user?: string): Promise<{ status: number; body: any }>;
  /** The audit log, newest first. */
  audit(
    targetKind?: AuditTargetKind,
    targetName?: string,
  ): Promise<AuditEntry[]>;
  /** Objects of a kind on the Karmada control plane, optionally only those named `name`. */
  karmadaObjects(kind: string, name?: string): KubeObject[];
  /** Karmada objects that H-MAS labelled as belonging to deployment `name`. */
  deploymentObjects(name: string): KubeObject[];
  stop(): Promise<void>;
}

/** The real permission backend and service, the portal's policy, and users in groups. */
function governance(groups: Record<string, string[]>) {
  return [
    permissionPlugin,
    hmasPolicyModule,
    permissionsServiceFactory,
    mockAuthWithActors,
    mockServices.rootConfig.factory({
      data: { permission: { enabled: true } },
    }),
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials: BackstageCredentials) {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
          };
        },
      }),
    }),
  ];
}

/**
 * Starts the embedded Karmada simulator (seed fleet, admission, controller) and the H-MAS
 * backend plugin with `startTestBackend` on `knex`, and returns what the scaffolder actions
 * need to call it over HTTP.
 */
export async function startRealHmas(
  options: RealHmasOptions,
): Promise<RealHmas> {
  const karmada = await startEmbeddedKarmada({ modelLoadMs: 50 });
  for (const name of options.namespaces ?? []) {
    karmada.sim.store.create(KARMADA, 'namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  }
  const backend = await startTestBackend({
    features: [
      hmasPlugin,
      createServiceFactory({
        service: karmadaConnectionServiceRef,
        deps: {},
        factory: () => ({ url: karmada.url, token: karmada.token }),
      }),
      mockServices.database.factory({
        knex: options.knex,
        migrations: { skip: false },
      }),
      ...(options.groups ? governance(options.groups) : []),
    ],
  }).catch(async error => {
    await karmada.close();
    throw error;
  });

  const port = backend.server.port();
  const discovery: DiscoveryService = {
    getBaseUrl: async pluginId => `http://localhost:${port}/api/${pluginId}`,
    getExternalBaseUrl: async pluginId =>
      `http://localhost:${port}/api/${pluginId}`,
  };
  const baseUrl = await discovery.getBaseUrl('hmas');

  const get = async (path: string, user = INITIATOR) => {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: mockCredentials.user.header(user) },
    });
    return { status: response.status, body: await response.json() };
  };

  const karmadaObjects = (kind: string, name?: string) =>
    karmada.sim.store
      .list(KARMADA, kind)
      .items.filter(o => name === undefined || o.metadata.name === name);

  return {
    karmada,
    baseUrl,
    options: {
      discovery,
      // The scaffolder's own auth service: its on-behalf-of tokens carry the task's initiator
      // with the scaffolder as actor, as Backstage's real auth service mints them.
      auth: actorAwareMockAuth('scaffolder'),
      fetch: globalThis.fetch,
    },
    get,
    async audit(targetKind, targetName) {
      const query = new URLSearchParams({
        ...(targetKind ? { targetKind } : {}),
        ...(targetName ? { targetName } : {}),
      });
      const { status, body } = await get(`/audit?${query}`);
      if (status !== 200) {
        throw new Error(
          `GET /audit answered ${status}: ${JSON.stringify(body)}`,
        );
      }
      return body.items;
    },
    karmadaObjects,
    deploymentObjects: name =>
      [
        'Deployment',
        'Service',
        'PersistentVolumeClaim',
        'PropagationPolicy',
        'OverridePolicy',
        'Secret',
      ].flatMap(kind =>
        karmadaObjects(kind).filter(
          o => o.metadata.labels?.['h-mas.io/deployment'] === name,
        ),
      ),
    async stop() {
      // The backend first: its watches on the simulator end with it.
      await backend.stop();
      await karmada.close();
    },
  };
}

/** A mock action context whose task was started by `initiator` and keeps no checkpoints. */
export function actionContext<TInput extends Record<string, any>>(
  input: TInput,
  initiator: BackstageCredentials = mockCredentials.user(INITIATOR),
  secrets?: Record<string, string>,
) {
  return {
    ...createMockActionContext({ input, ...(secrets ? { secrets } : {}) }),
    getInitiatorCredentials: async () => initiator,
  };
}
