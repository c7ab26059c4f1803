import type {
  KarmadaClusterObject,
  KubeObjectRef,
} from '@h-mas/plugin-hmas-common';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  V1Pod,
} from '@kubernetes/client-node';
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

/**
 * Identifies one object: apiVersion, kind, name and (if namespaced) namespace; the same type
 * as hmas-common's `KubeObjectRef`.
 *
 * @public
 */
export type ObjectRef = KubeObjectRef;

function describe(ref: {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}) {
  const ns = ref.metadata?.namespace ? `${ref.metadata.namespace}/` : '';
  return `${ref.kind ?? 'object'} ${ns}${ref.metadata?.name ?? ''}`;
}

/**
 * The URL of a member cluster's API server through Karmada's cluster proxy:
 * `<karmada>/apis/cluster.karmada.io/v1alpha1/clusters/<name>/proxy`.
 *
 * @public
 */
export function memberProxyUrl(karmadaUrl: string, cluster: string): string {
  return `${karmadaUrl.replace(
    /\/+$/,
    '',
  )}/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(
    cluster,
  )}/proxy`;
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
  private readonly objects: KubernetesObjectApi;
  private readonly memberApis = new Map<string, CoreV1Api>();
  private readonly memberClients = new Map<string, KarmadaClient>();
  private readonly connection: KarmadaConnection;
  readonly kubeConfig: KubeConfig;

  constructor(connection: KarmadaConnection) {
    this.connection = connection;
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
    this.objects = KubernetesObjectApi.makeApiClient(kc);
  }

  /** Creates any object on the control plane (a resource template or a policy). */
  async createObject<T extends KubernetesObject>(object: T): Promise<T> {
    try {
      return await this.objects.create(object);
    } catch (e) {
      throw mapKubeError(e, `creating ${describe(object)}`);
    }
  }

  /** Reads an object; `undefined` when it does not exist. */
  async readObject<T extends KubernetesObject>(
    ref: ObjectRef,
  ): Promise<T | undefined> {
    try {
      return await this.objects.read<T>(ref);
    } catch (e) {
      const error = mapKubeError(e, `reading ${describe(ref)}`);
      if (error.name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  /** Every object of a kind, across namespaces, in one paged LIST. */
  async listObjects<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
  ): Promise<T[]> {
    const items: T[] = [];
    let cont: string | undefined;
    try {
      do {
        const list = await this.objects.list<T>(
          apiVersion,
          kind,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          500,
          cont,
        );
        items.push(...list.items);
        cont = list.metadata?._continue || undefined;
      } while (cont);
    } catch (e) {
      throw mapKubeError(e, `listing ${kind} objects`);
    }
    return items;
  }

  /**
   * Replaces an object. Its `metadata.resourceVersion` makes the write conditional: a stale
   * one fails with a ConflictError.
   */
  async replaceObject<T extends KubernetesObject>(object: T): Promise<T> {
    try {
      return await this.objects.replace(object);
    } catch (e) {
      throw mapKubeError(e, `replacing ${describe(object)}`);
    }
  }

  /** Merge-patches an object. */
  async patchObject<T extends KubernetesObject>(patch: T): Promise<T> {
    try {
      return await this.objects.patch(
        patch,
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.MergePatch,
      );
    } catch (e) {
      throw mapKubeError(e, `updating ${describe(patch)}`);
    }
  }

  /** Deletes an object; `false` when it was already gone (so deletes can be retried). */
  async deleteObject(ref: ObjectRef): Promise<boolean> {
    try {
      await this.objects.delete(ref);
      return true;
    } catch (e) {
      const error = mapKubeError(e, `deleting ${describe(ref)}`);
      if (error.name === 'NotFoundError') return false;
      throw error;
    }
  }

  /**
   * A watch-fed cache of every ResourceBinding (client-node informer): one LIST, then a watch.
   * Call `start()`; `get(name, namespace)` answers from memory.
   */
  resourceBindingInformer() {
    return makeInformer<KubernetesObject>(
      this.kubeConfig,
      '/apis/work.karmada.io/v1alpha2/resourcebindings',
      () =>
        this.custom.listClusterCustomObject({
          group: 'work.karmada.io',
          version: 'v1alpha2',
          plural: 'resourcebindings',
        }) as any,
    );
  }

  /** Pods in a member cluster, through Karmada's cluster proxy. */
  async listMemberPods(
    cluster: string,
    namespace: string,
    labelSelector: string,
  ): Promise<V1Pod[]> {
    let api = this.memberApis.get(cluster);
    if (!api) {
      api = this.member(cluster).kubeConfig.makeApiClient(CoreV1Api);
      this.memberApis.set(cluster, api);
    }
    try {
      const list = await api.listNamespacedPod({ namespace, labelSelector });
      return list.items;
    } catch (e) {
      throw mapKubeError(e, `listing pods in cluster ${cluster}`);
    }
  }

  /**
   * A client of a member cluster's API server through Karmada's cluster proxy
   * (`/apis/cluster.karmada.io/v1alpha1/clusters/<name>/proxy`), with Karmada's credentials.
   */
  member(cluster: string): KarmadaClient {
    let client = this.memberClients.get(cluster);
    if (!client) {
      client = new KarmadaClient({
        ...this.connection,
        url: memberProxyUrl(this.connection.url, cluster),
        skipTLSVerify:
          this.connection.skipTLSVerify ??
          this.connection.url.startsWith('http://'),
      });
      this.memberClients.set(cluster, client);
    }
    return client;
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
