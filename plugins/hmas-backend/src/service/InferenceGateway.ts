import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InferenceTokenUsage } from '@h-mas/plugin-hmas-common';
import type { KarmadaClient } from '@h-mas/plugin-hmas-node';
import type { Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { DeploymentRow } from '../database/DeploymentStore';
import type { DeploymentService } from './DeploymentService';
import { ReplyUsageTap } from './replyUsage';
import { TtlCache } from './TtlCache';

/** The OpenAI-compatible routes a deployment of vLLM, TGI, llama.cpp or Ollama answers. */
const OPENAI_ROUTES: Record<string, 'GET' | 'POST'> = {
  '/v1/chat/completions': 'POST',
  '/v1/completions': 'POST',
  '/v1/embeddings': 'POST',
  '/v1/models': 'GET',
};

/** Triton has no OpenAI API on its HTTP port: KServe v2's generate extension instead. */
const TRITON_ROUTE =
  /^\/v2\/models\/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\/(generate|generate_stream)$/;

/** The port name of the model server on every deployment's Service. */
const SERVICE_PORT = 'http';

/** Response headers of the model server that reach the caller; nothing else does. */
const PASSED_RESPONSE_HEADERS = ['content-type', 'cache-control'];

/** How long the gateway routes by one read of a deployment's status. */
const READY_CLUSTERS_TTL_MS = 2_000;

/** Bounds of the gateway. @internal */
export interface InferenceGatewayOptions {
  /** Longest one call may take, streamed reply included. Default 300 000 ms. */
  timeoutMs?: number;
}

/** A request to forward, already authorized. @internal */
export interface InferenceRequest {
  method: string;
  /** The path after `/inference/<deployment>`, e.g. `/v1/chat/completions`. */
  path: string;
  contentType?: string;
  accept?: string;
  body?: Buffer;
  /** Aborts when the caller goes away. */
  signal: AbortSignal;
}

/**
 * How a forwarded reply ended: `completed`; `broken` (the model server's reply failed after it
 * started, or the call timed out); `cancelled` (the caller went away first). With the tokens
 * the reply reported, if any.
 *
 * @internal
 */
export interface ForwardResult {
  outcome: 'completed' | 'broken' | 'cancelled';
  tokens?: InferenceTokenUsage;
}

/**
 * An error in OpenAI's shape (`{ error: { message, type, code } }`), which OpenAI's clients
 * show as they are.
 *
 * @internal
 */
export class InferenceError extends Error {
  constructor(readonly status: number, message: string, readonly type: string) {
    super(message);
    this.name = 'InferenceError';
  }

  body() {
    return {
      error: {
        message: this.message,
        type: this.type,
        param: null,
        code: this.status,
      },
    };
  }
}

/**
 * The route a deployment answers at `path` with `method`, or an error saying why not: only
 * the model server's own inference routes of its runtime pass, matched exactly (so no
 * traversal, no other Service, no absolute URL can be expressed).
 *
 * @internal
 */
export function inferenceRoute(
  runtime: string,
  method: string,
  path: string,
): string {
  const triton = runtime === 'triton';
  if (triton ? TRITON_ROUTE.test(path) : path in OPENAI_ROUTES) {
    const allowed = triton ? 'POST' : OPENAI_ROUTES[path];
    if (method !== allowed) {
      throw new InferenceError(
        405,
        `${path} answers ${allowed}, not ${method}`,
        'invalid_request_error',
      );
    }
    return path;
  }
  throw new InferenceError(
    404,
    triton
      ? `NVIDIA Triton deployments answer POST /v2/models/<model>/generate and /generate_stream only (Triton has no OpenAI API on its HTTP port), not ${path}`
      : `Unknown inference route ${path}: a deployment answers ${Object.keys(
          OPENAI_ROUTES,
        ).join(', ')}`,
    'invalid_request_error',
  );
}

/**
 * Forwards inference requests to a healthy replica of a deployment: through Karmada's
 * cluster proxy and the member's service proxy to the deployment's Service, on a cluster that
 * reports ready replicas (the most ready first). A cluster that fails before any byte of the
 * reply was sent (unreachable, 5xx, no endpoint any more) is skipped for the next; once the
 * reply started it is streamed to the caller as it arrives, and the caller going away
 * cancels the upstream request.
 *
 * @internal
 */
export class InferenceGateway {
  private readonly timeoutMs: number;
  private readonly ready = new TtlCache<string, string[]>(
    READY_CLUSTERS_TTL_MS,
    1_000,
  );

  constructor(
    private readonly deps: {
      karmada: KarmadaClient;
      deploymentService: Pick<DeploymentService, 'status'>;
      logger: LoggerService;
    },
    options: InferenceGatewayOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 300_000;
  }

  /**
   * The clusters with ready replicas of a deployment, the most ready first, from its status
   * at most {@link READY_CLUSTERS_TTL_MS} old: a burst of calls reads the status once. A
   * cluster that stopped answering in between is skipped by the retry.
   */
  private async readyClusters(row: DeploymentRow): Promise<string[]> {
    return this.ready.through(row.id, async () => {
      const status = await this.deps.deploymentService.status(row);
      return status.clusters
        .filter(c => c.readyReplicas > 0)
        .sort((a, b) => b.readyReplicas - a.readyReplicas)
        .map(c => c.cluster);
    });
  }

  /**
   * Forwards one call and streams the reply; resolves when the reply ended (how, and the
   * tokens it reported, for the usage meter). An error before any byte was sent is thrown as
   * an {@link InferenceError}.
   */
  async forward(
    row: DeploymentRow,
    request: InferenceRequest,
    res: Response,
  ): Promise<ForwardResult> {
    const runtime = String((row.spec as { runtime?: string }).runtime ?? '');
    const path = inferenceRoute(runtime, request.method, request.path);
    const deployment = `${row.namespace}/${row.name}`;
    if (row.state !== 'active') {
      throw new InferenceError(
        503,
        `Deployment ${deployment} is ${row.state}: it answers once it is created and ready`,
        'service_unavailable',
      );
    }
    const service = row.objects.find(o => o.kind === 'Service')?.metadata.name;
    if (!service) {
      throw new InferenceError(
        503,
        `Deployment ${deployment} has no Service`,
        'service_unavailable',
      );
    }
    const clusters = await this.readyClusters(row);
    if (clusters.length === 0) {
      throw new InferenceError(
        503,
        `Deployment ${deployment} has no ready replica on any cluster`,
        'service_unavailable',
      );
    }

    const signal = AbortSignal.any([
      request.signal,
      AbortSignal.timeout(this.timeoutMs),
    ]);
    const failures: string[] = [];
    for (const cluster of clusters) {
      let upstream: IncomingMessage;
      try {
        upstream = await this.deps.karmada.requestMemberService(
          cluster,
          { namespace: row.namespace, service, port: SERVICE_PORT },
          {
            method: request.method,
            path,
            headers: {
              ...(request.contentType
                ? { 'Content-Type': request.contentType }
                : {}),
              Accept: request.accept ?? 'application/json',
            },
            body: request.body,
            signal,
          },
        );
      } catch (e) {
        if (request.signal.aborted) return { outcome: 'cancelled' };
        failures.push(`${cluster}: ${(e as Error).message}`);
        continue;
      }
      const code = upstream.statusCode ?? 502;
      if (code >= 500) {
        // Nothing was sent yet: try the next cluster.
        upstream.resume();
        failures.push(`${cluster}: HTTP ${code}`);
        continue;
      }
      res.status(code);
      for (const name of PASSED_RESPONSE_HEADERS) {
        const value = upstream.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      if (
        String(upstream.headers['content-type']).startsWith('text/event-stream')
      ) {
        // Nothing between the model server and the caller may hold the events back:
        // `no-transform` keeps Backstage's own compression middleware (and proxies) from
        // compressing the stream, which buffers it until the end; `X-Accel-Buffering`
        // tells nginx not to buffer it.
        res.setHeader('Cache-Control', 'no-cache, no-transform');
        res.setHeader('X-Accel-Buffering', 'no');
      }
      res.flushHeaders();
      // Sees each chunk after it was written: the reply is neither held back nor buffered.
      const tap = new ReplyUsageTap(upstream.headers['content-type']);
      const outcome = await new Promise<ForwardResult['outcome']>(resolve => {
        upstream.on('data', (chunk: Buffer) => {
          res.write(chunk);
          tap.push(chunk);
        });
        upstream.on('end', () => {
          res.end();
          resolve('completed');
        });
        upstream.on('error', () => {
          // The reply started: all that can be done is to end it.
          res.end();
          resolve(request.signal.aborted ? 'cancelled' : 'broken');
        });
        res.once('close', () => {
          upstream.destroy();
          resolve(request.signal.aborted ? 'cancelled' : 'broken');
        });
      });
      return { outcome, tokens: tap.tokens() };
    }
    this.deps.logger.warn(
      `Inference for ${deployment} failed on every cluster: ${failures.join(
        '; ',
      )}`,
    );
    throw new InferenceError(
      502,
      `No replica of ${deployment} answered: ${failures.join('; ')}`,
      'upstream_error',
    );
  }
}
