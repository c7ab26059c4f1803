import type { KarmadaClusterObject } from '@h-mas/plugin-hmas-common';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { mapKubeError } from './errors';

/**
 * Where and how to reach the Karmada API server.
 *
 * @public
 */
export interface KarmadaConnection {
  /** Base URL of the Karmada API server (control plane). */
  url: string;
  /** Bearer token; never logged. */
  token?: string;
  /** PEM CA bundle (base64) for the API server's certificate. */
  caData?: string;
  /** Skip TLS verification (and allow `http://`, as the embedded simulator uses). */
  skipTLSVerify?: boolean;
}

const CLUSTER = {
  group: 'cluster.karmada.io',
  version: 'v1alpha1',
  plural: 'clusters',
};

/**
 * Typed access to the Karmada objects H-MAS reads and writes, over `@kubernetes/client-node`.
 * Errors come back as `@backstage/errors` types (see {@link mapKubeError}).
 *
 * @public
 */
export class KarmadaClient {
  private readonly custom: CustomObjectsApi;
  readonly kubeConfig: KubeConfig;

  constructor(connection: KarmadaConnection) {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'karmada',
          server: connection.url,
          caData: connection.caData,
          skipTLSVerify:
            connection.skipTLSVerify ?? connection.url.startsWith('http://'),
        },
      ],
      users: [{ name: 'hmas', token: connection.token }],
      contexts: [{ name: 'karmada', cluster: 'karmada', user: 'hmas' }],
      currentContext: 'karmada',
    });
    this.kubeConfig = kc;
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  /** Every member cluster, in one LIST. */
  async listClusters(): Promise<{
    items: KarmadaClusterObject[];
    resourceVersion: string;
  }> {
    try {
      const list = await this.custom.listClusterCustomObject(CLUSTER);
      return {
        items: list.items ?? [],
        resourceVersion: list.metadata?.resourceVersion ?? '',
      };
    } catch (e) {
      throw mapKubeError(e, 'listing clusters');
    }
  }

  async getCluster(name: string): Promise<KarmadaClusterObject> {
    try {
      return await this.custom.getClusterCustomObject({ ...CLUSTER, name });
    } catch (e) {
      throw mapKubeError(e, `reading cluster ${name}`);
    }
  }

  async createCluster(
    cluster: KarmadaClusterObject,
  ): Promise<KarmadaClusterObject> {
    try {
      return await this.custom.createClusterCustomObject({
        ...CLUSTER,
        body: cluster,
      });
    } catch (e) {
      throw mapKubeError(e, `registering cluster ${cluster.metadata.name}`);
    }
  }

  /**
   * Replaces a Cluster. Its `metadata.resourceVersion` makes the write conditional: a stale
   * one fails with a ConflictError.
   */
  async replaceCluster(
    cluster: KarmadaClusterObject,
  ): Promise<KarmadaClusterObject> {
    try {
      return await this.custom.replaceClusterCustomObject({
        ...CLUSTER,
        name: cluster.metadata.name,
        body: cluster,
      });
    } catch (e) {
      throw mapKubeError(e, `updating cluster ${cluster.metadata.name}`);
    }
  }

  async deleteCluster(name: string): Promise<void> {
    try {
      await this.custom.deleteClusterCustomObject({ ...CLUSTER, name });
    } catch (e) {
      throw mapKubeError(e, `deleting cluster ${name}`);
    }
  }
}
