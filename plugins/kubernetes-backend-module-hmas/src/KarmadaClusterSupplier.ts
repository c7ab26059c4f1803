import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  KarmadaClient,
  KarmadaConnection,
  memberProxyUrl,
} from '@h-mas/plugin-hmas-node';

/** How long the list of member clusters is reused before Karmada is asked again. @public */
export const DEFAULT_CLUSTER_CACHE_TTL_MS = 30_000;

/**
 * The Kubernetes plugin's view of one Karmada member cluster: its API reached through
 * Karmada's cluster proxy (`/apis/cluster.karmada.io/v1alpha1/clusters/<name>/proxy`) with
 * H-MAS's Karmada credentials, so no per-cluster credentials are needed.
 *
 * @public
 */
export function memberClusterDetails(
  connection: KarmadaConnection,
  name: string,
): ClusterDetails {
  return {
    name,
    title: name,
    url: memberProxyUrl(connection.url, name),
    // The `serviceAccount` strategy sends `serviceAccountToken` as a bearer token. Without a
    // token it would read the pod's own service account, which Karmada does not know, so an
    // anonymous connection (the `localKubectlProxy` strategy) is used instead.
    authMetadata: connection.token
      ? {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'serviceAccount',
          serviceAccountToken: connection.token,
        }
      : { [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy' },
    // Over plain http (the embedded simulator) there is no TLS to verify; saying so would only
    // make the Kubernetes plugin warn about every cluster at startup.
    skipTLSVerify:
      connection.url.startsWith('https:') &&
      (connection.skipTLSVerify ?? false),
    // Karmada's proxy forwards metrics.k8s.io too, but few member clusters run a metrics
    // server, and a missing one would show as an error on every entity.
    skipMetricsLookup: true,
    ...(connection.caData ? { caData: connection.caData } : {}),
  };
}

/**
 * Supplies the Karmada member clusters (the `Cluster` objects of `cluster.karmada.io`) to
 * the Kubernetes plugin. The list is read from Karmada at most once per `cacheTtlMs`; when a
 * refresh fails the last list is kept (and the failure logged), so a Karmada hiccup does not
 * empty every Kubernetes tab.
 *
 * @public
 */
export class KarmadaClusterSupplier implements KubernetesClustersSupplier {
  private cached?: { clusters: ClusterDetails[]; at: number };
  private inFlight?: Promise<ClusterDetails[]>;

  /** A supplier that lists the clusters through H-MAS's `KarmadaClient`. */
  static fromConnection(options: {
    connection: KarmadaConnection;
    logger: LoggerService;
    cacheTtlMs?: number;
  }): KarmadaClusterSupplier {
    const client = new KarmadaClient(options.connection);
    return new KarmadaClusterSupplier({
      ...options,
      // A member Karmada does not report Ready cannot answer through its proxy (it would be
      // an error on every entity's Kubernetes tab); the H-MAS pages show its state instead.
      listClusterNames: async () =>
        (await client.listClusters()).items
          .filter(c =>
            c.status?.conditions?.some(
              k => k.type === 'Ready' && k.status === 'True',
            ),
          )
          .map(c => c.metadata.name),
    });
  }

  constructor(
    private readonly options: {
      connection: KarmadaConnection;
      /** Names of the member clusters, as Karmada lists them. */
      listClusterNames: () => Promise<string[]>;
      logger: LoggerService;
      cacheTtlMs?: number;
      /** Milliseconds since the epoch; for tests. */
      now?: () => number;
    },
  ) {}

  /**
   * The member clusters, from a cache at most `cacheTtlMs` old. The same clusters for every
   * caller: H-MAS's Karmada identity reaches them, not the user's.
   */
  async getClusters(_options?: {
    credentials: BackstageCredentials;
  }): Promise<ClusterDetails[]> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.cacheTtlMs ?? DEFAULT_CLUSTER_CACHE_TTL_MS;
    if (this.cached && now - this.cached.at < ttl) {
      return this.cached.clusters;
    }
    this.inFlight ??= this.refresh(now).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refresh(now: number): Promise<ClusterDetails[]> {
    try {
      const names = await this.options.listClusterNames();
      const clusters = [...names]
        .sort()
        .map(name => memberClusterDetails(this.options.connection, name));
      this.cached = { clusters, at: now };
      return clusters;
    } catch (e) {
      if (!this.cached) throw e;
      this.options.logger.warn(
        `Could not list the Karmada member clusters, keeping the last ${this.cached.clusters.length}: ${e}`,
      );
      return this.cached.clusters;
    }
  }
}
