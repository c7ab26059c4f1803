import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type {
  KarmadaClusterObject,
  KubeObjectRef,
} from '@h-mas/plugin-hmas-common';
import {
  Configuration,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  V1Pod,
} from '@kubernetes/client-node';
import { isRetryable, mapKubeError } from './errors';

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
  /**
   * How long one request to Karmada may take, reply body included, before it is abandoned
   * with a 504 naming Karmada. Default 15 000 ms.
   */
  timeoutMs?: number;
  /**
   * How many times a request that is safe to repeat (reads, deletes, merge patches) is tried
   * when Karmada answers 429 or 5xx, times out, or drops the connection. Creates and
   * conditional replaces are tried once: their callers resolve a lost reply by reading back.
   * Default 3.
   */
  attempts?: number;
  /** Wait before the first retry; it doubles each time, with jitter. Default 200 ms. */
  retryDelayMs?: number;
}

/** Defaults of {@link KarmadaConnection}'s call bounds. @public */
export const KARMADA_CALL_DEFAULTS = {
  timeoutMs: 15_000,
  attempts: 3,
  retryDelayMs: 200,
} as const;

/**
 * The longest a single call of {@link KarmadaClient} can take with these bounds (every attempt
 * timing out, plus the waits between them): what a caller journaling its steps can treat as
 * "this step is no longer running".
 *
 * @public
 */
export function maxCallDurationMs(connection: KarmadaConnection): number {
  const timeout = connection.timeoutMs ?? KARMADA_CALL_DEFAULTS.timeoutMs;
  const attempts = connection.attempts ?? KARMADA_CALL_DEFAULTS.attempts;
  const delay = connection.retryDelayMs ?? KARMADA_CALL_DEFAULTS.retryDelayMs;
  let waits = 0;
  for (let i = 0; i < attempts - 1; i++) waits += 2 * delay * 2 ** i;
  return attempts * timeout + waits;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

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
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  readonly kubeConfig: KubeConfig;
  /** The one kept-alive agent of every request ({@link KarmadaClient.keptAlive}). */
  private agent?: http.Agent;

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
    this.timeoutMs = connection.timeoutMs ?? KARMADA_CALL_DEFAULTS.timeoutMs;
    this.attempts = Math.max(
      1,
      connection.attempts ?? KARMADA_CALL_DEFAULTS.attempts,
    );
    this.retryDelayMs =
      connection.retryDelayMs ?? KARMADA_CALL_DEFAULTS.retryDelayMs;
    this.custom = new CustomObjectsApi(this.configuration());
    this.objects = new KubernetesObjectApi(this.configuration());
  }

  /**
   * An API configuration like `KubeConfig.makeApiClient`'s, plus a deadline on every request:
   * an AbortSignal that fires after `timeoutMs` (it also bounds reading the body).
   */
  private configuration(): Configuration {
    const timeoutMs = this.timeoutMs;
    return createConfiguration({
      baseServer: new ServerConfiguration(this.connection.url, {}),
      authMethods: { default: this.kubeConfig },
      promiseMiddleware: [
        {
          pre: async (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            const agent = this.keptAlive(context.getAgent());
            if (agent) context.setAgent(agent);
            return context;
          },
          post: async (context: ResponseContext) => context,
        },
      ],
    });
  }

  /**
   * The agent a request is sent with, in place of `fresh`: client-node makes a new agent
   * per request (so a new connection, and for https a new TLS handshake, each time), so
   * requests share one kept-alive agent, made once with the options of client-node's first
   * (CA, client certificate, server name, verification). A proxy agent (`proxyUrl`) is kept.
   */
  private keptAlive<A extends http.Agent | undefined>(
    fresh: A,
  ): A | http.Agent {
    if (!fresh || this.kubeConfig.getCurrentCluster()?.proxyUrl) return fresh;
    if (!this.agent) {
      const options = {
        ...(fresh as http.Agent & { options?: http.AgentOptions }).options,
        keepAlive: true,
      };
      this.agent =
        fresh instanceof https.Agent
          ? new https.Agent(options)
          : new http.Agent(options);
    }
    return this.agent;
  }

  /**
   * Runs one call to Karmada within the bounds: each attempt has the deadline; a call that is
   * safe to repeat is retried with growing, jittered waits while the failure is transient.
   * The error is mapped to `@backstage/errors` types, naming what was being done.
   */
  private async call<T>(
    what: string,
    repeatable: boolean,
    request: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (e) {
        const error = mapKubeError(e, what, this.timeoutMs);
        if (!repeatable || attempt >= this.attempts || !isRetryable(error)) {
          throw error;
        }
        const base = this.retryDelayMs * 2 ** (attempt - 1);
        await sleep(base + Math.random() * base);
      }
    }
  }

  /** Creates any object on the control plane (a resource template or a policy). */
  async createObject<T extends KubernetesObject>(object: T): Promise<T> {
    return this.call(`creating ${describe(object)}`, false, () =>
      this.objects.create(object),
    );
  }

  /** Reads an object; `undefined` when it does not exist. */
  async readObject<T extends KubernetesObject>(
    ref: ObjectRef,
  ): Promise<T | undefined> {
    try {
      return await this.call(`reading ${describe(ref)}`, true, () =>
        this.objects.read<T>(ref),
      );
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return undefined;
      throw e;
    }
  }

  /**
   * Every object of a kind, across namespaces, in one paged LIST; with `labelSelector` only
   * those it selects.
   */
  async listObjects<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    options: { labelSelector?: string } = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const page = cont;
      const list = await this.call(`listing ${kind} objects`, true, () =>
        this.objects.list<T>(
          apiVersion,
          kind,
          undefined, // namespace: all
          undefined, // pretty
          undefined, // exact
          undefined, // exportt
          undefined, // fieldSelector
          options.labelSelector,
          500,
          page,
        ),
      );
      items.push(...list.items);
      cont = list.metadata?._continue || undefined;
    } while (cont);
    return items;
  }

  /**
   * Replaces an object. Its `metadata.resourceVersion` makes the write conditional: a stale
   * one fails with a ConflictError.
   */
  async replaceObject<T extends KubernetesObject>(object: T): Promise<T> {
    return this.call(`replacing ${describe(object)}`, false, () =>
      this.objects.replace(object),
    );
  }

  /**
   * Merge-patches an object. A merge patch that names no resourceVersion gives the same
   * object however often it is applied, so it is retried like a read.
   */
  async patchObject<T extends KubernetesObject>(patch: T): Promise<T> {
    return this.call(
      `updating ${describe(patch)}`,
      !patch.metadata?.resourceVersion,
      () =>
        this.objects.patch(
          patch,
          undefined,
          undefined,
          undefined,
          undefined,
          PatchStrategy.MergePatch,
        ),
    );
  }

  /** Deletes an object; `false` when it was already gone (so deletes can be retried). */
  async deleteObject(ref: ObjectRef): Promise<boolean> {
    try {
      await this.call(`deleting ${describe(ref)}`, true, () =>
        this.objects.delete(ref),
      );
      return true;
    } catch (e) {
      // Gone: already deleted, or deleted by the first attempt whose reply was lost.
      if ((e as Error).name === 'NotFoundError') return false;
      throw e;
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
      api = new CoreV1Api(this.member(cluster).configuration());
      this.memberApis.set(cluster, api);
    }
    const pods = api;
    const list = await this.call(
      `listing pods in cluster ${cluster}`,
      true,
      () => pods.listNamespacedPod({ namespace, labelSelector }),
    );
    return list.items;
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

  /**
   * Sends one HTTP request to a Service of a member cluster through Karmada's cluster proxy
   * and the member's service proxy
   * (`…/clusters/<cluster>/proxy/api/v1/namespaces/<ns>/services/<name>:<port>/proxy<path>`),
   * with Karmada's credentials, and answers the response as it arrives (nothing is buffered:
   * a streamed reply streams). `path` is sent as given; callers must only pass paths they
   * have checked. The signal aborts the request, reply included; there is no retry and no
   * deadline beyond the signal (a caller streaming a long reply sets its own).
   */
  async requestMemberService(
    cluster: string,
    target: { namespace: string; service: string; port: string },
    request: {
      method: string;
      path: string;
      headers?: Record<string, string>;
      body?: Buffer;
      signal: AbortSignal;
    },
  ): Promise<IncomingMessage> {
    const url = new URL(
      `${memberProxyUrl(
        this.connection.url,
        cluster,
      )}/api/v1/namespaces/${encodeURIComponent(
        target.namespace,
      )}/services/${encodeURIComponent(target.service)}:${encodeURIComponent(
        target.port,
      )}/proxy${request.path}`,
    );
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method: request.method,
      headers: {
        ...request.headers,
        ...(request.body ? { 'Content-Length': request.body.length } : {}),
      },
      signal: request.signal,
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    // The same kept-alive agent as API calls: a call does not pay a TCP (and TLS) handshake
    // with Karmada each time.
    options.agent = this.keptAlive(options.agent as http.Agent | undefined);
    const send = secure ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(url, options, resolve);
      req.on('error', reject);
      req.end(request.body);
    });
  }

  /** Every member cluster, in one LIST. */
  async listClusters(): Promise<{
    items: KarmadaClusterObject[];
    resourceVersion: string;
  }> {
    const list = await this.call('listing clusters', true, () =>
      this.custom.listClusterCustomObject(CLUSTER),
    );
    return {
      items: list.items ?? [],
      resourceVersion: list.metadata?.resourceVersion ?? '',
    };
  }

  async getCluster(name: string): Promise<KarmadaClusterObject> {
    return this.call(`reading cluster ${name}`, true, () =>
      this.custom.getClusterCustomObject({ ...CLUSTER, name }),
    );
  }

  async createCluster(
    cluster: KarmadaClusterObject,
  ): Promise<KarmadaClusterObject> {
    return this.call(
      `registering cluster ${cluster.metadata.name}`,
      false,
      () =>
        this.custom.createClusterCustomObject({ ...CLUSTER, body: cluster }),
    );
  }

  /**
   * Replaces a Cluster. Its `metadata.resourceVersion` makes the write conditional: a stale
   * one fails with a ConflictError.
   */
  async replaceCluster(
    cluster: KarmadaClusterObject,
  ): Promise<KarmadaClusterObject> {
    return this.call(`updating cluster ${cluster.metadata.name}`, false, () =>
      this.custom.replaceClusterCustomObject({
        ...CLUSTER,
        name: cluster.metadata.name,
        body: cluster,
      }),
    );
  }

  async deleteCluster(name: string): Promise<void> {
    await this.call(`deleting cluster ${name}`, true, () =>
      this.custom.deleteClusterCustomObject({ ...CLUSTER, name }),
    );
  }
}
