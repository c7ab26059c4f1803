/**
 * The HTTP face of the simulator: one `node:http` server that answers as the Karmada control
 * plane's kube-apiserver and, under `/apis/cluster.karmada.io/v1alpha1/clusters/{name}/proxy`,
 * as each member cluster's.
 */

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { CONTROL_PLANE, type KubeObject } from '../types';
import {
  findResourceByPath,
  groupVersion,
  type ResourceDef,
} from '../resources';
import {
  errors,
  ObjectStore,
  parseFieldSelector,
  parseLabelSelector,
  PATCH_CONTENT_TYPES,
  managerOf,
  reasonForCode,
  StatusError,
  applyJsonPatch,
  mergePatch,
  strategicMerge,
  type DeleteOptions,
  type ObjectPredicate,
} from '../store';
import {
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openApiV3Root,
  SERVER_VERSION,
} from './discovery';
import { Faults, type FaultSpec } from './faults';
import { tableRequestOf, toTable } from './table';
import { openApiV3Document } from './openapiV3';
import {
  ADMIN_USER,
  authorize,
  forbiddenMessage,
  proxyVerb,
  READ_ONLY_USER,
  requestVerb,
  rulesFor,
  type AuthzAttributes,
  type SimulatorUser,
} from './authz';
import {
  bindingToV1alpha1,
  bindingToV1alpha2,
} from '../karmada/bindingConversion';
import {
  checkApplyFields,
  checkUnknownFields,
  fieldValidationOf,
} from './fieldValidation';
import {
  answerModelRequest,
  servedModelOf,
  type ModelServerOptions,
} from './modelServer';

/** Logger used by the server. @public */
export interface SimulatorLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link ApiServer}. @internal */
export interface ApiServerOptions {
  store: ObjectStore;
  token: string;
  /** A token whose user may only get, list and watch. */
  readOnlyToken?: string;
  faults: Faults;
  logger?: SimulatorLogger;
  /** How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK. */
  bookmarkIntervalMs?: number;
  /** Accept requests without an `Authorization` header (a wrong token is still 401). */
  anonymous?: boolean;
  /** Pace of the model servers that Ready pods run, reached through the service proxy. */
  modelServer?: ModelServerOptions;
}

const PROXY_RE =
  /^\/apis\/cluster\.karmada\.io\/v1alpha1\/clusters\/([^/]+)\/proxy(\/.*)?$/;
/** A member's service or pod proxy: `/api/v1/namespaces/{ns}/{services|pods}/{name[:port]}/proxy[/path]`. */
const WORKLOAD_PROXY_RE =
  /^\/api\/v1\/namespaces\/([^/]+)\/(services|pods)\/([^/]+)\/proxy(\/.*)?$/;
const HEALTH_PATHS = ['/healthz', '/readyz', '/livez'];
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const CLUSTER_RESOURCE = { plural: 'clusters', group: 'cluster.karmada.io' };

/** A resource request after URL parsing. */
interface ResourceRequest {
  cluster: string;
  resource: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
}

/** @internal */
export class ApiServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<() => void>();
  private readonly store: ObjectStore;
  private readonly token: string;
  private readonly readOnlyToken?: string;
  private readonly faults: Faults;
  private readonly logger?: SimulatorLogger;
  private readonly bookmarkIntervalMs: number;
  private readonly anonymous: boolean;
  private readonly modelServer: ModelServerOptions;
  /** Round-robin position per service, so requests spread over its ready pods. */
  private readonly nextEndpoint = new Map<string, number>();

  constructor(options: ApiServerOptions) {
    this.modelServer = options.modelServer ?? {};
    this.store = options.store;
    this.token = options.token;
    this.readOnlyToken = options.readOnlyToken;
    this.faults = options.faults;
    this.logger = options.logger;
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
    this.anonymous = options.anonymous ?? false;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(e => {
        this.logger?.warn(`karmada-sim: ${req.method} ${req.url} failed: ${e}`);
        if (!res.headersSent) {
          sendStatus(res, errors.internal(String(e)));
        } else {
          res.destroy();
        }
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens and resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Ends open watches, drops idle keep-alive connections and stops listening. */
  close(): Promise<void> {
    for (const stop of [...this.watches]) stop();
    return new Promise(resolve => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  /**
   * Lets the request be handled as usual but replaces its reply: the connection is destroyed,
   * or the fault's status is sent, once the handler has written its (discarded) answer.
   */
  private failReplyAfterApply(
    req: IncomingMessage,
    res: ServerResponse,
    fault: FaultSpec,
  ) {
    const { writeHead, write, end } = res;
    res.writeHead = (() => res) as typeof res.writeHead;
    res.write = (() => true) as typeof res.write;
    res.end = ((..._args: unknown[]) => {
      res.writeHead = writeHead;
      res.write = write;
      res.end = end;
      if (fault.dropConnection || !fault.status) {
        req.socket.destroy();
      } else {
        sendStatus(
          res,
          new StatusError(
            fault.status,
            reasonForCode(fault.status),
            `injected fault after the write: ${fault.status}`,
          ),
        );
      }
      return res;
    }) as typeof res.end;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const rawPath = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    let cluster = CONTROL_PLANE;
    let path = rawPath;
    const proxy = PROXY_RE.exec(rawPath);
    if (proxy) {
      cluster = decodeURIComponent(proxy[1]);
      path = proxy[2] || '/';
    }

    const fault = this.faults.take({
      method,
      rawPath,
      clusterPath: path,
      cluster,
    });
    const done = fault?.observe?.();
    if (done) res.once('close', done);
    if (fault?.afterApply) {
      if (fault.latencyMs) await sleep(fault.latencyMs);
      this.failReplyAfterApply(req, res, fault);
    } else if (fault) {
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.dropConnection) {
        req.socket.destroy();
        return;
      }
      if (fault.conflict) {
        sendStatus(
          res,
          new StatusError(
            409,
            'Conflict',
            'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again',
          ),
        );
        return;
      }
      if (fault.status) {
        sendStatus(
          res,
          new StatusError(
            fault.status,
            reasonForCode(fault.status),
            `injected fault: ${fault.status}`,
          ),
        );
        return;
      }
    }

    if (HEALTH_PATHS.some(p => path === p || path.startsWith(`${p}/`))) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }

    const authorization = req.headers.authorization;
    let user: SimulatorUser;
    if (this.anonymous && authorization === undefined) user = ADMIN_USER;
    else if (authorization === `Bearer ${this.token}`) user = ADMIN_USER;
    else if (
      this.readOnlyToken &&
      authorization === `Bearer ${this.readOnlyToken}`
    )
      user = READ_ONLY_USER;
    else {
      sendStatus(res, errors.unauthorized());
      return;
    }
    // Impersonation (`kubectl --as`, a kubeconfig user's `as`): kubectl sends no token over
    // plain http, but it does send Impersonate-User, so the read-only context impersonates
    // the read-only user. Only the admin may impersonate; only the two users exist.
    const impersonate = req.headers['impersonate-user'];
    if (typeof impersonate === 'string' && impersonate !== user.name) {
      const target = [ADMIN_USER, READ_ONLY_USER].find(
        u => u.name === impersonate,
      );
      if (user.role !== 'admin' || !target) {
        const why =
          user.role !== 'admin'
            ? forbiddenMessage(user, {
                verb: 'impersonate',
                group: '',
                resource: 'users',
                name: impersonate,
              })
            : `no such user: ${impersonate}`;
        sendStatus(
          res,
          new StatusError(
            403,
            'Forbidden',
            `users "${impersonate}" is forbidden: ${why}`,
            { name: impersonate, kind: 'users' },
          ),
        );
        return;
      }
      user = target;
    }

    try {
      if (proxy) {
        // Karmada authorizes `<verb> clusters/proxy` before it looks at the member.
        requireAllowed(user, {
          verb: proxyVerb(method),
          group: 'cluster.karmada.io',
          resource: 'clusters',
          subresource: 'proxy',
          name: cluster,
        });
        this.requireMember(cluster);
      }
      const body = await readBody(req);
      await this.route(
        req,
        res,
        method,
        cluster,
        path,
        url.searchParams,
        body,
        user,
      );
    } catch (e) {
      if (e instanceof StatusError) {
        if (!res.headersSent) sendStatus(res, e);
        else res.end();
        return;
      }
      throw e;
    }
  }

  /**
   * The member behind `clusters/<name>/proxy` must be reachable: a Cluster object with no
   * member surface, or whose `Ready` condition is there and not `True`, answers what Karmada's
   * aggregated API server answers when it cannot dial the member's `apiEndpoint` (it does
   * not look at readiness; the proxy's transport error becomes a 500 Status). A member
   * surface with no Cluster object is served.
   */
  private requireMember(cluster: string) {
    const obj =
      cluster === CONTROL_PLANE
        ? undefined
        : this.store.tryGet(
            CONTROL_PLANE,
            'clusters.cluster.karmada.io',
            cluster,
          );
    const served = cluster !== CONTROL_PLANE && this.store.hasCluster(cluster);
    if (!obj) {
      if (served) return;
      throw errors.notFound(CLUSTER_RESOURCE, cluster);
    }
    const ready = (obj.status?.conditions ?? []).find(
      (c: { type?: string }) => c.type === 'Ready',
    );
    // With no Ready condition yet (no controller sets it on a bare simulator), a served
    // member is served.
    if (served && (!ready || ready.status === 'True')) return;
    throw unreachableMember(obj);
  }

  /**
   * kube-apiserver's service and pod proxy on a member: the request goes to a Ready pod of
   * the Service (round robin), or to the named pod, which answers as the model server its
   * image runs. With no Ready pod it is 503 "no endpoints available", as kube-apiserver
   * answers; a pod whose image is no model server the simulator knows is 502, as a proxy to a
   * port nothing listens on is.
   */
  private async proxyToWorkload(
    res: ServerResponse,
    method: string,
    cluster: string,
    match: RegExpExecArray,
    query: URLSearchParams,
    body: string,
    user: SimulatorUser,
  ) {
    const namespace = decodeURIComponent(match[1]);
    const kind = match[2] as 'services' | 'pods';
    // `name`, `name:port` or `scheme:name:port`, as kube-apiserver parses it.
    const parts = decodeURIComponent(match[3]).split(':');
    const name = parts.length === 3 ? parts[1] : parts[0];
    const port = parts.length === 3 ? parts[2] : parts[1];
    requireAllowed(user, {
      verb: proxyVerb(method),
      group: '',
      resource: kind,
      subresource: 'proxy',
      namespace,
      name,
    });
    const ready = (pod: KubeObject) =>
      !pod.metadata.deletionTimestamp &&
      (pod.status?.conditions ?? []).some(
        (c: { type?: string; status?: string }) =>
          c.type === 'Ready' && c.status === 'True',
      );
    let pod: KubeObject | undefined;
    if (kind === 'pods') {
      pod = this.store.tryGet(cluster, 'pods', name, namespace);
      if (!pod) throw errors.notFound({ plural: 'pods', group: '' }, name);
      if (!ready(pod)) {
        throw errors.serviceUnavailable(
          `pod ${name} is not ready: its readiness probe has not passed`,
        );
      }
    } else {
      const service = this.store.tryGet(cluster, 'services', name, namespace);
      if (!service) {
        throw errors.notFound({ plural: 'services', group: '' }, name);
      }
      const ports: Array<{ name?: string; port?: number }> =
        service.spec?.ports ?? [];
      if (
        port &&
        !ports.some(p => p.name === port || String(p.port) === port)
      ) {
        throw errors.serviceUnavailable(
          `no service port "${port}" found for service "${name}"`,
        );
      }
      const selector: Record<string, string> = service.spec?.selector ?? {};
      const endpoints =
        Object.keys(selector).length === 0
          ? []
          : this.store
              .list(cluster, 'pods', {
                namespace,
                predicate: p =>
                  Object.entries(selector).every(
                    ([k, v]) => p.metadata.labels?.[k] === v,
                  ) && ready(p),
              })
              .items.sort((a, b) =>
                a.metadata.name!.localeCompare(b.metadata.name!),
              );
      if (endpoints.length === 0) {
        throw errors.serviceUnavailable(
          `no endpoints available for service "${name}"`,
        );
      }
      const key = `${cluster}/${namespace}/${name}`;
      const next = this.nextEndpoint.get(key) ?? 0;
      this.nextEndpoint.set(key, next + 1);
      pod = endpoints[next % endpoints.length];
    }
    const served = servedModelOf(pod);
    if (!served) {
      sendJson(res, 502, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `error trying to reach service: dial tcp ${
          pod.status?.podIP ?? '10.0.0.1'
        }:${port || '80'}: connect: connection refused`,
        reason: 'ServiceUnavailable',
        code: 502,
      });
      return;
    }
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const search = query.toString();
    await answerModelRequest(
      served,
      {
        method,
        // The path after /proxy arrives decoded, as Go's URL.Path does: client-node escapes
        // the slashes of its `path` parameter (v1%2Fmodels).
        path: `${decodeURIComponent(match[4] || '/')}${
          search ? `?${search}` : ''
        }`,
        body,
        signal: abort.signal,
      },
      res,
      this.modelServer,
    );
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    cluster: string,
    path: string,
    query: URLSearchParams,
    body: string,
    user: SimulatorUser,
  ) {
    const workload = WORKLOAD_PROXY_RE.exec(path);
    if (workload && cluster !== CONTROL_PLANE) {
      return this.proxyToWorkload(
        res,
        method,
        cluster,
        workload,
        query,
        body,
        user,
      );
    }
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'GET') {
      if (path === '/version' || path === '/version/')
        return sendJson(res, 200, SERVER_VERSION);
      if (segs.length === 0) {
        return sendJson(res, 200, {
          paths: [
            '/api',
            '/api/v1',
            '/apis',
            '/healthz',
            '/livez',
            '/readyz',
            '/version',
          ],
        });
      }
      if (segs.length === 1 && segs[0] === 'api') {
        return sendJson(res, 200, apiVersions(req.headers.host ?? ''));
      }
      if (segs.length === 1 && segs[0] === 'apis') {
        return sendJson(res, 200, apiGroupList(cluster));
      }
      if (segs.length === 2 && segs[0] === 'api') {
        const doc = apiResourceList(cluster, '', segs[1]);
        if (doc) return sendJson(res, 200, doc);
        throw errors.notFoundPath();
      }
      if (segs.length === 2 && segs[0] === 'apis') {
        const doc = apiGroupDoc(cluster, segs[1]);
        if (doc) return sendJson(res, 200, doc);
        throw errors.notFoundPath();
      }
      if (segs[0] === 'openapi' && segs[1] === 'v3') {
        let doc: unknown;
        if (segs.length === 2) doc = openApiV3Root(cluster);
        else if (segs[2] === 'api' && segs.length === 4) {
          doc = openApiV3Document(cluster, '', segs[3]);
        } else if (segs[2] === 'apis' && segs.length === 5) {
          doc = openApiV3Document(cluster, segs[3], segs[4]);
        }
        if (doc) return sendJson(res, 200, doc);
        throw errors.notFoundPath();
      }
      if (segs.length === 3 && segs[0] === 'apis') {
        const doc = apiResourceList(cluster, segs[1], segs[2]);
        if (doc) return sendJson(res, 200, doc);
        throw errors.notFoundPath();
      }
    }
    if (
      segs.length === 4 &&
      segs.join('/') === 'apis/authorization.k8s.io/v1/selfsubjectrulesreviews'
    ) {
      requireAllowed(user, {
        verb: requestVerb(method, { named: false, watch: false }),
        group: 'authorization.k8s.io',
        resource: 'selfsubjectrulesreviews',
      });
      if (method !== 'POST') throw errors.methodNotAllowed();
      return this.selfSubjectRulesReview(req, res, body, user);
    }
    const target = parseResourcePath(cluster, segs, query);
    if (!target) throw errors.notFoundPath();
    const watch = query.get('watch');
    requireAllowed(user, {
      verb: requestVerb(method, {
        named: !!target.name,
        watch: watch === 'true' || watch === '1',
      }),
      group: target.resource.group,
      resource: target.resource.plural,
      subresource: target.subresource,
      // The authorizer sees no name on a create (it is in the body).
      name: method === 'POST' && !target.subresource ? undefined : target.name,
      namespace: target.namespace,
    });
    if (target.resource.group === 'authorization.k8s.io') {
      if (method !== 'POST' || target.name) throw errors.methodNotAllowed();
      return this.selfSubjectAccessReview(req, res, body, user);
    }
    return this.serveResource(req, res, method, target, body);
  }

  private async serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    t: ResourceRequest,
    body: string,
  ) {
    const r = t.resource;
    const allowed = (verb: string) => {
      if (!r.verbs.includes(verb)) throw errors.methodNotAllowed();
    };
    if (!t.name) {
      if (r.namespaced && !t.namespace && method !== 'GET')
        throw errors.methodNotAllowed();
      if (method === 'GET') {
        const watch = t.query.get('watch');
        if (watch === 'true' || watch === '1') {
          allowed('watch');
          return this.watch(req, res, t);
        }
        allowed('list');
        return this.list(req, res, t);
      }
      if (method === 'POST') {
        allowed('create');
        return this.create(req, res, t, body);
      }
      if (method === 'DELETE') {
        allowed('deletecollection');
        return this.deleteCollection(res, t, body);
      }
      throw errors.methodNotAllowed();
    }
    if (t.subresource) return this.serveSubresource(req, res, method, t, body);
    switch (method) {
      case 'GET': {
        allowed('get');
        const table = tableRequestOf(req.headers.accept, t.query);
        const obj = converted(
          r,
          this.store.get(t.cluster, r, t.name, t.namespace),
        );
        if (!table) return sendJson(res, 200, obj);
        return sendJson(
          res,
          200,
          toTable(r, [obj], {
            ...table,
            now: new Date(),
            metadata: { resourceVersion: obj.metadata?.resourceVersion },
          }),
        );
      }
      case 'PUT':
        allowed('update');
        return this.replace(req, res, t, body, undefined);
      case 'PATCH':
        allowed('patch');
        return this.patch(req, res, t, body);
      case 'DELETE':
        allowed('delete');
        return this.deleteOne(res, t, body);
      default:
        throw errors.methodNotAllowed();
    }
  }

  private async serveSubresource(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    t: ResourceRequest,
    body: string,
  ) {
    const r = t.resource;
    const name = t.name!;
    if (t.subresource === 'status') {
      if (method === 'GET')
        return sendJson(
          res,
          200,
          this.store.get(t.cluster, r, name, t.namespace),
        );
      if (method === 'PUT') return this.replace(req, res, t, body, 'status');
      if (method === 'PATCH') return this.patch(req, res, t, body);
      throw errors.methodNotAllowed();
    }
    if (t.subresource === 'scale') return this.scale(req, res, method, t, body);
    if (t.subresource === 'log' && method === 'GET') {
      const pod = this.store.get(t.cluster, r, name, t.namespace);
      const container =
        t.query.get('container') ?? pod.spec?.containers?.[0]?.name ?? 'main';
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        `${pod.metadata.creationTimestamp} simulated log of ${t.namespace}/${name} container ${container}\n`,
      );
      return undefined;
    }
    throw errors.methodNotAllowed();
  }

  // ------------------------------------------------------------ verbs

  private list(req: IncomingMessage, res: ServerResponse, t: ResourceRequest) {
    const table = tableRequestOf(req.headers.accept, t.query);
    const limit = t.query.get('limit');
    const result = this.store.list(t.cluster, t.resource, {
      namespace: t.namespace,
      predicate: predicateOf(t),
      limit: limit ? Number(limit) : undefined,
      continue: t.query.get('continue') ?? undefined,
    });
    const metadata = {
      resourceVersion: result.resourceVersion,
      ...(result.continue
        ? {
            continue: result.continue,
            remainingItemCount: result.remainingItemCount,
          }
        : {}),
    };
    const items = result.items.map(o => converted(t.resource, o));
    if (table) {
      return sendJson(
        res,
        200,
        toTable(t.resource, items, { ...table, now: new Date(), metadata }),
      );
    }
    return sendJson(res, 200, {
      apiVersion: groupVersion(t.resource),
      kind: `${t.resource.kind}List`,
      metadata,
      items,
    });
  }

  private create(
    req: IncomingMessage,
    res: ServerResponse,
    t: ResourceRequest,
    body: string,
  ) {
    const obj = parseObjectBody(req, body);
    checkTypeMeta(t.resource, obj);
    const warnings = checkUnknownFields(
      t.resource,
      obj,
      fieldValidationOf(t.query, 'CreateOptions'),
      'create',
    );
    if (
      t.namespace &&
      obj.metadata?.namespace &&
      obj.metadata.namespace !== t.namespace
    ) {
      throw errors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const created = this.store.create(
      t.cluster,
      t.resource,
      toStored(t.resource, obj),
      {
        namespace: t.namespace,
        dryRun: isDryRun(t.query),
        fieldManager: requestManager(req, t),
      },
    );
    setWarnings(res, warnings);
    return sendJson(res, 201, converted(t.resource, created));
  }

  private replace(
    req: IncomingMessage,
    res: ServerResponse,
    t: ResourceRequest,
    body: string,
    subresource: 'status' | undefined,
  ) {
    const obj = parseObjectBody(req, body);
    checkTypeMeta(t.resource, obj);
    const warnings = checkUnknownFields(
      t.resource,
      obj,
      fieldValidationOf(t.query, 'UpdateOptions'),
      'update',
    );
    checkIdentity(t, obj);
    if (
      !obj.metadata.resourceVersion &&
      !allowsUnconditionalUpdate(t.resource)
    ) {
      // genericregistry.Store.Update: a missing object is 404 first, then this 422.
      this.store.get(t.cluster, t.resource, t.name!, t.namespace);
      throw errors.invalid(t.resource, t.name!, [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0x0: must be specified for an update',
          field: 'metadata.resourceVersion',
        },
      ]);
    }
    const options = {
      namespace: t.namespace,
      dryRun: isDryRun(t.query),
      fieldManager: requestManager(req, t),
    };
    const stored = toStored(t.resource, obj);
    const updated =
      subresource === 'status'
        ? this.store.updateStatus(t.cluster, t.resource, stored, options)
        : this.store.update(t.cluster, t.resource, stored, options);
    setWarnings(res, warnings);
    return sendJson(res, 200, converted(t.resource, updated));
  }

  private patch(
    req: IncomingMessage,
    res: ServerResponse,
    t: ResourceRequest,
    body: string,
  ) {
    const contentType = mediaType(req);
    const type = PATCH_CONTENT_TYPES[contentType];
    if (!type) {
      throw errors.unsupportedMediaType(Object.keys(PATCH_CONTENT_TYPES));
    }
    const fieldManager = t.query.get('fieldManager') ?? undefined;
    const directive = fieldValidationOf(t.query, 'PatchOptions');
    let patchBody: unknown;
    let warnings: string[] = [];
    if (type === 'apply') {
      if (!fieldManager) {
        // What ValidatePatchOptions answers in a real server.
        throw errors.invalid(
          { kind: 'PatchOptions', group: 'meta.k8s.io' },
          '',
          [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        );
      }
      patchBody = parseApplyBody(body);
      checkApplyBody(t, patchBody);
      const appliedFields = (patchBody as KubeObject).metadata?.managedFields;
      if (appliedFields !== undefined && appliedFields !== null) {
        // FieldManager.Apply refuses an applied configuration that carries them.
        throw errors.badRequest('metadata.managedFields must be nil');
      }
      checkApplyFields(
        t.resource,
        patchBody as KubeObject,
        t.name!,
        t.namespace,
      );
    } else {
      patchBody = parseJson(body);
      if (
        type !== 'json' &&
        patchBody &&
        typeof patchBody === 'object' &&
        !Array.isArray(patchBody)
      ) {
        warnings = checkUnknownFields(
          t.resource,
          patchBody as KubeObject,
          directive,
          'patch',
        );
      }
    }
    const { object, created } = this.store.patch(
      t.cluster,
      t.resource,
      t.name!,
      type,
      patchBody,
      {
        namespace: t.namespace,
        subresource: t.subresource === 'status' ? 'status' : undefined,
        fieldManager: type === 'apply' ? fieldManager : requestManager(req, t),
        force: t.query.get('force') === 'true',
        dryRun: isDryRun(t.query),
        ...(t.resource.storageVersion
          ? {
              conversion: {
                toServed: (o: KubeObject) => converted(t.resource, o),
                toStored: (o: KubeObject) => toStored(t.resource, o),
              },
            }
          : {}),
      },
    );
    setWarnings(res, warnings);
    return sendJson(res, created ? 201 : 200, converted(t.resource, object));
  }

  private deleteOne(res: ServerResponse, t: ResourceRequest, body: string) {
    const options = deleteOptions(t, body);
    const deleted = this.store.delete(t.cluster, t.resource, t.name!, options);
    return sendJson(res, 200, converted(t.resource, deleted));
  }

  private deleteCollection(
    res: ServerResponse,
    t: ResourceRequest,
    body: string,
  ) {
    const options = deleteOptions(t, body);
    const { items } = this.store.list(t.cluster, t.resource, {
      namespace: t.namespace,
      predicate: predicateOf(t),
    });
    const deleted = items.map(o =>
      converted(
        t.resource,
        this.store.delete(t.cluster, t.resource, o.metadata.name!, {
          ...options,
          namespace: o.metadata.namespace,
        }),
      ),
    );
    return sendJson(res, 200, {
      apiVersion: groupVersion(t.resource),
      kind: `${t.resource.kind}List`,
      metadata: { resourceVersion: this.store.resourceVersion },
      items: deleted,
    });
  }

  private scale(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    t: ResourceRequest,
    body: string,
  ) {
    const obj = this.store.get(t.cluster, t.resource, t.name!, t.namespace);
    const current = toScale(obj);
    if (method === 'GET') return sendJson(res, 200, current);
    let wanted: KubeObject;
    if (method === 'PUT') {
      wanted = parseObjectBody(req, body);
    } else if (method === 'PATCH') {
      const type = PATCH_CONTENT_TYPES[mediaType(req)];
      if (!type || type === 'apply') {
        throw errors.unsupportedMediaType(
          Object.keys(PATCH_CONTENT_TYPES).filter(
            k => PATCH_CONTENT_TYPES[k] !== 'apply',
          ),
        );
      }
      const patchBody = parseJson(body);
      if (type === 'json') wanted = applyJsonPatch(current, patchBody);
      else if (type === 'merge')
        wanted = mergePatch(current, patchBody) as KubeObject;
      else wanted = strategicMerge(current, patchBody) as KubeObject;
    } else {
      throw errors.methodNotAllowed();
    }
    const replicas = wanted?.spec?.replicas;
    if (
      typeof replicas !== 'number' ||
      replicas < 0 ||
      !Number.isInteger(replicas)
    ) {
      throw errors.invalid({ kind: 'Scale', group: 'autoscaling' }, t.name!, [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(
            replicas,
          )}: must be greater than or equal to 0`,
          field: 'spec.replicas',
        },
      ]);
    }
    const updated = this.store.update(
      t.cluster,
      t.resource,
      {
        ...obj,
        metadata: {
          ...obj.metadata,
          resourceVersion: wanted.metadata?.resourceVersion || undefined,
        },
        spec: { ...obj.spec, replicas },
      },
      { namespace: t.namespace, dryRun: isDryRun(t.query) },
    );
    return sendJson(res, 200, toScale(updated));
  }

  /**
   * `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: the decision of
   * `authorize` for the caller's own user, 201 with `status.allowed` (and RBAC's reason).
   */
  private selfSubjectAccessReview(
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    user: SimulatorUser,
  ) {
    const review = parseObjectBody(req, body);
    const spec = (review.spec ?? {}) as Record<string, any>;
    const ra = spec.resourceAttributes;
    const nra = spec.nonResourceAttributes;
    if (!ra && !nra) {
      throw errors.invalid(
        { kind: 'SelfSubjectAccessReview', group: 'authorization.k8s.io' },
        '',
        [
          {
            reason: 'FieldValueRequired',
            message:
              'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
            field: 'spec.resourceAttributes',
          },
        ],
      );
    }
    const attrs: AuthzAttributes = ra
      ? {
          verb: ra.verb ?? '',
          group: ra.group ?? '',
          resource: ra.resource ?? '',
          subresource: ra.subresource || undefined,
          name: ra.name || undefined,
          namespace: ra.namespace || undefined,
        }
      : { verb: nra.verb ?? '', path: nra.path ?? '' };
    const decision =
      attrs.resource === '*' || attrs.verb === '*'
        ? authorizeWildcard(user, attrs)
        : authorize(user, attrs);
    return sendJson(res, 201, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec,
      status: {
        allowed: decision.allowed,
        ...(decision.reason ? { reason: decision.reason } : {}),
      },
    });
  }

  /**
   * `POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews` (`kubectl auth can-i
   * --list`): the caller's rules, as the registry answers (pkg/registry/authorization/
   * selfsubjectrulesreview/rest.go: 400 "no namespace on request" without
   * `spec.namespace`; the answer carries only `status`, so its `spec` is empty).
   */
  private selfSubjectRulesReview(
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    user: SimulatorUser,
  ) {
    const review = parseObjectBody(req, body);
    const namespace = (review.spec as Record<string, unknown> | undefined)
      ?.namespace;
    if (typeof namespace !== 'string' || namespace === '') {
      throw errors.badRequest('no namespace on request');
    }
    return sendJson(res, 201, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: { creationTimestamp: null },
      spec: {},
      status: { ...rulesFor(user), incomplete: false },
    });
  }

  private watch(req: IncomingMessage, res: ServerResponse, t: ResourceRequest) {
    const q = t.query;
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const initialEvents = q.get('sendInitialEvents') === 'true';
    const predicate = predicateOf(t);
    const table = tableRequestOf(req.headers.accept, q);
    let tableColumnsSent = false;
    // A table watch sends each object as a one-row Table, with the columns on the first.
    const asTable = (event: any) => {
      if (
        !table ||
        !event?.object ||
        event.type === 'BOOKMARK' ||
        event.type === 'ERROR'
      ) {
        return event;
      }
      const object = toTable(t.resource, [event.object], {
        ...table,
        now: new Date(),
        metadata: { resourceVersion: event.object.metadata?.resourceVersion },
        omitColumns: tableColumnsSent,
      });
      tableColumnsSent = true;
      return { ...event, object };
    };
    const bookmark = (annotations?: Record<string, string>) => ({
      type: 'BOOKMARK',
      object: {
        kind: t.resource.kind,
        apiVersion: groupVersion(t.resource),
        metadata: {
          resourceVersion: this.store.resourceVersion,
          ...(annotations ? { annotations } : {}),
        },
      },
    });
    const pending: unknown[] = [];
    let open = false;
    const write = (input: any) => {
      const event =
        t.resource.storageVersion &&
        input?.object &&
        input.type !== 'BOOKMARK' &&
        input.type !== 'ERROR'
          ? { ...input, object: converted(t.resource, input.object) }
          : input;
      if (open) res.write(`${JSON.stringify(asTable(event))}\n`);
      else pending.push(event);
    };

    let unsubscribe: () => void;
    try {
      unsubscribe = this.store.watch(
        t.cluster,
        t.resource,
        {
          namespace: t.namespace,
          resourceVersion: initialEvents
            ? undefined
            : q.get('resourceVersion') ?? undefined,
          predicate,
        },
        write,
      );
    } catch (e) {
      if (e instanceof StatusError && e.code === 410) {
        // A real server answers 200 and sends the 410 as an ERROR event, then closes.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: e.status })}\n`);
        return;
      }
      throw e;
    }

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    open = true;
    for (const event of pending.splice(0)) write(event);
    if (initialEvents && bookmarks) {
      write(bookmark({ 'k8s.io/initial-events-end': 'true' }));
    }

    const timers: NodeJS.Timeout[] = [];
    let offCluster = () => {};
    const stop = () => {
      if (!open) return;
      open = false;
      unsubscribe();
      offCluster();
      timers.forEach(clearTimeout);
      this.watches.delete(stop);
      res.end();
    };
    offCluster = this.store.onClusterChange(e => {
      if (e.type === 'REMOVED' && e.cluster === t.cluster) stop();
    });
    this.watches.add(stop);
    req.on('close', stop);
    res.on('close', stop);
    if (bookmarks) {
      const interval = setInterval(
        () => write(bookmark()),
        this.bookmarkIntervalMs,
      );
      timers.push(interval);
    }
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? '0');
    if (timeoutSeconds > 0) {
      timers.push(
        setTimeout(() => {
          // A bookmark just before the timeout lets the client resume without a re-list.
          if (bookmarks) write(bookmark());
          stop();
        }, timeoutSeconds * 1000),
      );
    }
  }
}

// ------------------------------------------------------------ helpers

/** Throws kube's 403 when the user may not make the request. */
function requireAllowed(user: SimulatorUser, a: AuthzAttributes) {
  const decision = authorize(user, a);
  if (decision.allowed) return;
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource ?? '';
  const message = `${qualified}${a.name ? ` "${a.name}"` : ''} is forbidden: ${
    decision.message
  }`;
  throw new StatusError(403, 'Forbidden', message, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.group ? { group: a.group } : {}),
    kind: a.resource,
  });
}

/** `*` verbs or resources: the admin has them all, the read-only user none. */
function authorizeWildcard(user: SimulatorUser, a: AuthzAttributes) {
  if (user.role === 'admin') return authorize(user, a);
  return { allowed: false, reason: '' };
}

/**
 * Whether a PUT without `metadata.resourceVersion` is accepted: built-in types allow an
 * unconditional update, custom resources (every policy.karmada.io and work.karmada.io kind)
 * do not; Karmada's aggregated Cluster does (its strategy's `AllowUnconditionalUpdate`).
 */
function allowsUnconditionalUpdate(r: ResourceDef): boolean {
  return r.builtin || r.group === 'cluster.karmada.io';
}

/** The object at the served version (v1alpha1 bindings from the stored v1alpha2). */
function converted(r: ResourceDef, obj: KubeObject): KubeObject {
  if (!r.storageVersion) return obj;
  return bindingToV1alpha1(obj);
}

/**
 * A written object at the storage version (v1alpha1 bindings to v1alpha2, as Karmada's
 * conversion webhook's `ConvertTo`); the store writes only the storage version.
 */
function toStored(r: ResourceDef, obj: KubeObject): KubeObject {
  if (!r.storageVersion) return obj;
  return bindingToV1alpha2(obj);
}

/**
 * What Karmada's cluster proxy answers when it cannot dial a member: the transport's error
 * as a non-Status error, which the API server turns into a 500 with reason unset
 * (`ErrorToAPIStatus`), e.g. `dial tcp lab-offline.k8s.hmas.internal:6443: connect:
 * connection refused`.
 */
function unreachableMember(cluster: KubeObject): StatusError {
  const endpoint: string = cluster.spec?.apiEndpoint ?? '';
  let address = '';
  try {
    const u = new URL(endpoint);
    address = `${u.hostname}:${
      u.port || (u.protocol === 'http:' ? '80' : '443')
    }`;
  } catch {
    address = endpoint;
  }
  const error = new StatusError(
    500,
    '',
    address
      ? `dial tcp ${address}: connect: connection refused`
      : // No apiEndpoint: the proxied request has no host (net/http's error).
        'http: no Host in request URL',
  );
  // StatusReasonUnknown is "" and omitted on the wire.
  delete (error.status as { reason?: string }).reason;
  return error;
}

function parseResourcePath(
  cluster: string,
  segs: string[],
  query: URLSearchParams,
): ResourceRequest | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  // `namespaces/{ns}/{plural}...` addresses a namespaced resource, except the namespace's own
  // subresources (`namespaces/{name}/status`, `/finalize`) in the core group.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(
      group === '' &&
      rest.length === 3 &&
      (rest[2] === 'status' || rest[2] === 'finalize')
    )
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const resource = findResourceByPath(cluster, group, version, plural);
  if (!resource || extra.length) return undefined;
  if (namespace && !resource.namespaced) return undefined;
  if (!namespace && resource.namespaced && name) return undefined;
  if (subresource && !resource.subresources.includes(subresource as never))
    return undefined;
  return { cluster, resource, namespace, name, subresource, query };
}

function predicateOf(t: ResourceRequest): ObjectPredicate {
  const labels = parseLabelSelector(t.query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(
    t.query.get('fieldSelector') ?? undefined,
    t.resource,
  );
  return obj => labels(obj) && fields(obj);
}

function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw errors.badRequest(
      `error decoding request body: ${(e as Error).message}`,
    );
  }
}

function parseObjectBody(req: IncomingMessage, body: string): KubeObject {
  const type = mediaType(req);
  let parsed: unknown;
  if (type === '' || type === 'application/json') {
    parsed = parseJson(body);
  } else if (type === 'application/yaml') {
    parsed = parseApplyBody(body);
  } else {
    throw errors.unsupportedMediaType(['application/json', 'application/yaml']);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.badRequest('the request body must be a JSON object');
  }
  const obj = parsed as KubeObject;
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  return obj;
}

function parseApplyBody(body: string): unknown {
  try {
    return parseYaml(body);
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

function checkTypeMeta(r: ResourceDef, obj: KubeObject) {
  const gv = groupVersion(r);
  if (obj.apiVersion && obj.apiVersion !== gv) {
    throw errors.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`,
    );
  }
  if (obj.kind && obj.kind !== r.kind) {
    throw errors.badRequest(
      `the kind in the data (${obj.kind}) does not match the expected kind (${r.kind})`,
    );
  }
}

function checkIdentity(t: ResourceRequest, obj: KubeObject) {
  if (obj.metadata.name !== t.name) {
    throw errors.badRequest(
      `the name of the object (${
        obj.metadata.name ?? ''
      }) does not match the name on the URL (${t.name})`,
    );
  }
  if (
    t.namespace &&
    obj.metadata.namespace &&
    obj.metadata.namespace !== t.namespace
  ) {
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
}

function checkApplyBody(t: ResourceRequest, body: unknown) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest('the apply patch must be an object');
  }
  const obj = body as KubeObject;
  if (!obj.apiVersion || !obj.kind) {
    throw errors.badRequest(
      'apiVersion and kind must be set in an apply patch',
    );
  }
  checkTypeMeta(t.resource, obj);
  if (obj.metadata?.name && obj.metadata.name !== t.name) {
    throw errors.badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${t.name})`,
    );
  }
  if (
    t.namespace &&
    obj.metadata?.namespace &&
    obj.metadata.namespace !== t.namespace
  ) {
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
}

function deleteOptions(t: ResourceRequest, body: string): DeleteOptions {
  let parsed: Record<string, any> = {};
  if (body.trim()) {
    const value = parseJson(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      parsed = value as Record<string, any>;
    }
  }
  const policy = t.query.get('propagationPolicy') ?? parsed.propagationPolicy;
  if (policy && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw errors.badRequest(`invalid propagationPolicy: ${policy}`);
  }
  const grace = t.query.get('gracePeriodSeconds') ?? parsed.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && !/^-?\d+$/.test(String(grace))) {
    throw errors.badRequest(`invalid gracePeriodSeconds: ${grace}`);
  }
  return {
    namespace: t.namespace,
    preconditions: parsed.preconditions,
    propagationPolicy: policy,
    dryRun: isDryRun(t.query) || (parsed.dryRun ?? []).includes?.('All'),
  };
}

function toScale(obj: KubeObject): KubeObject {
  const matchLabels: Record<string, string> =
    obj.spec?.selector?.matchLabels ?? {};
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new StatusError(
            413,
            'RequestEntityTooLarge',
            'request entity too large',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, code: number, body: unknown): undefined {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
  return undefined;
}

/** The manager of a non-apply write: `?fieldManager=`, else the user agent's first token. */
function requestManager(req: IncomingMessage, t: ResourceRequest): string {
  return managerOf(t.query.get('fieldManager'), req.headers['user-agent']);
}

/** `Warning` headers (kube's `warning.AddWarning`), one value per warning. */
function setWarnings(res: ServerResponse, warnings: string[]) {
  if (warnings.length) res.setHeader('Warning', warnings);
}

function sendStatus(res: ServerResponse, error: StatusError) {
  sendJson(res, error.code, error.status);
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
