import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the H-MAS plugins. */
  hmas?: {
    /** How H-MAS reaches Karmada, the source of truth for clusters, policies and workloads. */
    karmada?: {
      /**
       * `embedded` starts the Karmada simulator in-process (development and tests only; the
       * backend must install its service factory); `remote` talks to the Karmada API server
       * at `url`. Default: `remote`.
       * @visibility frontend
       */
      mode?: 'embedded' | 'remote';
      /** URL of the Karmada API server (mode `remote`). */
      url?: string;
      /**
       * Bearer token for the Karmada API server (mode `remote`).
       * @visibility secret
       */
      token?: string;
      /** Base64 PEM CA bundle of the Karmada API server's certificate (mode `remote`). */
      caData?: string;
      /** Skip TLS verification of the Karmada API server. Default: false (true for http URLs). */
      skipTLSVerify?: boolean;
      /**
       * Deadline of one request to Karmada, reply included; past it the API answers 504
       * naming Karmada. Default: 15000.
       */
      requestTimeoutMs?: number;
      /**
       * Tries of a request that is safe to repeat (reads, deletes, merge patches) while
       * Karmada answers 429/5xx, times out or drops the connection. Default: 3.
       */
      attempts?: number;
      /** Wait before the first retry, doubled each time, with jitter. Default: 200. */
      retryDelayMs?: number;
      /** The embedded simulator (mode `embedded`). */
      embedded?: {
        /** Port of the simulated Karmada API server. Default: 7443. */
        port?: number;
        /** How long simulated pods take to load their model before they are Ready. Default: 3000 ms. */
        modelLoadMs?: number;
        /**
         * More load time per GiB of memory the pods request (a larger model loads slower),
         * so the progress view shows each step. Default: 0; the development portal sets 1500.
         */
        modelLoadMsPerGiB?: number;
        /** Time a Ready pod's model server takes to its first generated token. Default: 50 ms. */
        firstTokenMs?: number;
        /** Time between generated tokens of a Ready pod's model server. Default: 5 ms. */
        tokenIntervalMs?: number;
      };
    };
    /** The cache of member clusters behind `GET /clusters` (Karmada stays the truth). */
    clusterCache?: {
      /** When it is refreshed from one LIST. Default: every 30 s, first 1 s after start-up. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** The inference gateway (`/api/hmas/inference/<deployment>/v1/...`). */
    inference?: {
      /** Longest one call may take, streamed reply included; default 300000 ms. */
      timeoutMs?: number;
      /**
       * How long the gateway reuses a caller's policy decision on `hmas.inference.invoke`
       * (its conditions are still applied to each deployment), so a stream of calls costs one
       * permission round trip: a changed policy or ownership applies within this time.
       * Default 5000 ms; 0 asks the permission backend on every call.
       */
      permissionCacheMs?: number;
      /** Metering of the gateway's calls. */
      usage?: {
        /**
         * How often the counts are written to the database; a crash loses at most this much.
         * Default 5000 ms.
         */
        flushIntervalMs?: number;
      };
    };
    /**
     * The deployment recovery task: finishes or rolls back creates, updates and deletes whose
     * process died or whose rollback failed, and deletes orphaned objects.
     */
    recovery?: {
      /**
       * How long an operation must have recorded no step before it counts as abandoned.
       * Default: twice the longest Karmada call (see `requestTimeoutMs`, `attempts`) plus 30 s.
       */
      staleAfterMs?: number;
      /**
       * When the task runs (besides once at start-up). Default: every minute, first 10 s after
       * start-up, timeout 2 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Cluster labels. */
    labels?: {
      /**
       * Prefix of the core label keys (`gpu-tier`, `cluster-type`, `gpu-type`, `gpu-memory`,
       * `scheduler`), e.g. `h-mas.io/`. Default: none.
       * @visibility frontend
       */
      prefix?: string;
    };
    /**
     * How the platform's clusters take model deployments. Validated at start-up
     * (`deploymentSettingsSchema` in @h-mas/plugin-hmas-common); see the hmas-backend README,
     * "Deployments on real clusters".
     */
    deployments?: {
      /** Every deployment is offline: no model downloads, pre-loaded volumes only. Default: false. */
      offline?: boolean;
      /**
       * Registry (host[:port][/path]) mirroring the runtime images; it replaces each image's
       * registry. Default: none (the images' own registries).
       */
      imageRegistryMirror?: string;
      /** StorageClass of created model caches. Default: none (each cluster's default class). */
      storageClassName?: string;
      /** Access mode of created model caches. Default: ReadWriteOnce. */
      accessMode?: 'ReadWriteOnce' | 'ReadWriteMany';
      /** Per placeable zone (`gpu-high`, `gpu-general`, `cpu-only`): overrides the above. */
      zones?: {
        [zone: string]: {
          offline?: boolean;
          storageClassName?: string;
          accessMode?: 'ReadWriteOnce' | 'ReadWriteMany';
        };
      };
      /** Per cluster: the RuntimeClass GPU pods run with there (e.g. `nvidia`). */
      clusters?: {
        [cluster: string]: { runtimeClassName?: string };
      };
      /** The KAI queue of KAI-scheduled pods (label `kai.scheduler/queue`). Default: default-queue. */
      kaiQueue?: string;
    };
    /** Demo data for a development portal. */
    demo?: {
      /**
       * Seed the example policy presets and two demo deployments at startup (through the
       * normal services, so they are validated and audited). Development only. Default: false.
       */
      enabled?: boolean;
    };
    /** The label reconciler, which labels clusters joined outside the portal. */
    reconciler?: {
      /** How often it runs. Default: every 5 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * `gpu-tier` for a cluster that has GPUs but no tier: `high` or `general`. Default: unset,
       * which leaves such a cluster Unclassified for a person to decide.
       */
      defaultGpuTier?: 'high' | 'general';
    };
  };
}
