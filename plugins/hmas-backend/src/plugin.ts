import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { GpuTier, hmasPermissions } from '@h-mas/plugin-hmas-common';
import {
  hmasDeploymentPermissionRules,
  hmasDeploymentResourcePermissions,
  hmasDeploymentResourceRef,
  hmasRuntimesExtensionPoint,
  KarmadaClient,
  karmadaConnectionServiceRef,
  maxCallDurationMs,
} from '@h-mas/plugin-hmas-node';
import { builtinRuntimes, RuntimeDefinition } from '@h-mas/plugin-hmas-common';
import { DatabaseDeploymentStore } from './database/DatabaseDeploymentStore';
import { BindingCache } from './service/BindingCache';
import { DatabasePresetStore } from './database/DatabasePresetStore';
import { PresetService } from './service/PresetService';
import { DatabasePolicyStore } from './database/DatabasePolicyStore';
import { PolicyService } from './service/PolicyService';
import { DeploymentService } from './service/DeploymentService';
import { DatabaseTeamNamespaceStore } from './database/DatabaseTeamNamespaceStore';
import { TeamNamespaceService } from './service/TeamNamespaceService';
import { seedDemoData } from './service/demoData';
import { readDeploymentSettings } from './service/deploymentSettings';
import { DatabaseAuditStore } from './database/DatabaseAuditStore';
import { DatabaseClusterStore } from './database/DatabaseClusterStore';
import { ClusterService } from './service/ClusterService';
import { scheduleClusterTasks } from './service/LabelReconciler';
import { scheduleDeploymentRecovery } from './service/recoveryTask';
import { createRouter } from './service/router';
import { HmasAccess } from './service/access';
import { InferenceGateway } from './service/InferenceGateway';
import { createInferenceRouter } from './service/inferenceRoutes';
import { DatabaseInferenceUsageStore } from './database/DatabaseInferenceUsageStore';
import { UsageMeter } from './service/UsageMeter';

/** A task schedule from config at `key`, or `fallback` when it is not set. */
function scheduleOf(
  config: RootConfigService,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

/** The GPU tiers a cluster without one may be given: not `none`, which is CPU Only. */
function isDefaultGpuTier(tier: string): tier is Exclude<GpuTier, 'none'> {
  return tier === 'high' || tier === 'general';
}

/**
 * The H-MAS backend plugin (`pluginId: hmas`), mounted at `/api/hmas`.
 *
 * @public
 */
export const hmasPlugin = createBackendPlugin({
  pluginId: 'hmas',
  register(env) {
    const extraRuntimes: RuntimeDefinition[] = [];
    env.registerExtensionPoint(hmasRuntimesExtensionPoint, {
      addRuntime(...runtimes) {
        for (const runtime of runtimes) {
          if (
            [...builtinRuntimes, ...extraRuntimes].some(
              r => r.id === runtime.id,
            )
          ) {
            throw new Error(`H-MAS runtime '${runtime.id}' is already defined`);
          }
          extraRuntimes.push(runtime);
        }
      },
    });
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        karmadaConnection: karmadaConnectionServiceRef,
      },
      async init(deps) {
        const { config, database, httpRouter, logger } = deps;
        const auditStore = await DatabaseAuditStore.create({ database });
        const clusterStore = await DatabaseClusterStore.create({ database });
        deps.permissionsRegistry.addPermissions(
          hmasPermissions.filter(p => p.type === 'basic'),
        );
        const deploymentStore = await DatabaseDeploymentStore.create({
          database,
        });
        // Deployments are a permission resource: a policy may answer the deployment
        // permissions with conditions (IS_OWNER, HAS_NAMESPACE), which the permission backend
        // applies to the rows getResources loads (and lists apply as a database filter).
        deps.permissionsRegistry.addResourceType({
          resourceRef: hmasDeploymentResourceRef,
          permissions: hmasDeploymentResourcePermissions,
          rules: Object.values(hmasDeploymentPermissionRules),
          // An id that is no deployment's (ids are text) finds no row.
          getResources: ids =>
            Promise.all(ids.map(id => deploymentStore.get(id))),
        });

        const defaultGpuTier = config.getOptionalString(
          'hmas.reconciler.defaultGpuTier',
        );
        if (defaultGpuTier !== undefined && !isDefaultGpuTier(defaultGpuTier)) {
          throw new Error(
            `hmas.reconciler.defaultGpuTier must be 'high' or 'general', got '${defaultGpuTier}'`,
          );
        }
        const karmada = new KarmadaClient(deps.karmadaConnection);
        const labelPrefix = config.getOptionalString('hmas.labels.prefix');
        const deploymentSettings = readDeploymentSettings(config);
        const policyService = new PolicyService({
          karmada,
          store: await DatabasePolicyStore.create({ database }),
          logger,
        });
        const presetService = new PresetService({
          store: await DatabasePresetStore.create({ database }),
          runtimes: () => extraRuntimes,
        });
        const bindings = new BindingCache(karmada, logger);
        deps.lifecycle.addStartupHook(() => bindings.start());
        deps.lifecycle.addShutdownHook(() => bindings.stop());
        // An operation is abandoned once it has been quiet longer than its longest step
        // (two bounded Karmada calls) could take, with a margin.
        const staleAfterMs =
          config.getOptionalNumber('hmas.recovery.staleAfterMs') ??
          2 * maxCallDurationMs(deps.karmadaConnection) + 30_000;
        const teamNamespaceService = new TeamNamespaceService({
          karmada,
          store: await DatabaseTeamNamespaceStore.create({ database }),
          deployments: deploymentStore,
          logger,
          staleAfterMs,
        });
        const deploymentService = new DeploymentService({
          teamNamespaces: teamNamespaceService,
          bindings,
          presets: presetService,
          karmada,
          store: deploymentStore,
          logger,
          labelPrefix,
          runtimes: () => extraRuntimes,
          staleAfterMs,
          settings: deploymentSettings,
        });
        const clusterService = new ClusterService({
          karmada,
          store: clusterStore,
          logger,
          labelPrefix,
          defaultGpuTier,
        });

        if (config.getOptionalBoolean('hmas.demo.enabled')) {
          deps.lifecycle.addStartupHook(async () => {
            await seedDemoData({
              deploymentService,
              presetService,
              teamNamespaceService,
              logger,
            });
          });
        }

        await scheduleClusterTasks({
          scheduler: deps.scheduler,
          logger,
          clusterService,
          reconcilerSchedule: scheduleOf(config, 'hmas.reconciler.schedule', {
            frequency: { minutes: 5 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 5 },
          }),
          refreshSchedule: scheduleOf(config, 'hmas.clusterCache.schedule', {
            frequency: { seconds: 30 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 1 },
          }),
        });

        await scheduleDeploymentRecovery({
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
          logger,
          deploymentService,
          teamNamespaceService,
          // A short timeout: a pass is a series of bounded calls, and a replica that dies
          // mid-pass holds the lock until the timeout (and the scheduler's janitor) frees it.
          schedule: scheduleOf(config, 'hmas.recovery.schedule', {
            frequency: { minutes: 1 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 10 },
          }),
        });

        // Gateway calls are counted in memory and written every few seconds; the last counts
        // are written on shutdown.
        const usageStore = await DatabaseInferenceUsageStore.create({
          database,
        });
        const usageMeter = new UsageMeter(
          { store: usageStore, logger },
          {
            flushIntervalMs: config.getOptionalNumber(
              'hmas.inference.usage.flushIntervalMs',
            ),
          },
        );
        deps.lifecycle.addShutdownHook(() => usageMeter.stop());

        // The gateway streams raw bodies both ways, which the OpenAPI router's JSON validation
        // would buffer and reject: it answers /inference before the API routes see it.
        httpRouter.use(
          createInferenceRouter({
            access: new HmasAccess({
              auth: deps.auth,
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
              deploymentRules: deps.permissionsRegistry.getPermissionRuleset(
                hmasDeploymentResourceRef,
              ),
              decisionCacheMs:
                config.getOptionalNumber('hmas.inference.permissionCacheMs') ??
                5_000,
            }),
            deploymentService,
            gateway: new InferenceGateway(
              { karmada, deploymentService, logger },
              {
                timeoutMs: config.getOptionalNumber('hmas.inference.timeoutMs'),
              },
            ),
            logger,
            meter: usageMeter,
          }),
        );
        httpRouter.use(
          await createRouter({
            auditStore,
            usageStore,
            clusterService,
            deploymentService,
            presetService,
            policyService,
            teamNamespaceService,
            userInfo: deps.userInfo,
            auth: deps.auth,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger,
            deploymentRules: deps.permissionsRegistry.getPermissionRuleset(
              hmasDeploymentResourceRef,
            ),
            pingDatabase: async () => {
              const db = await database.getClient();
              await db.raw('select 1');
            },
            karmadaMode:
              config.getOptionalString('hmas.karmada.mode') === 'embedded'
                ? 'embedded'
                : 'remote',
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
