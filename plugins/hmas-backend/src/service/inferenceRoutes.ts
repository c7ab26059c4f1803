import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  deploymentNameSchema,
  hmasInferenceInvokePermission,
} from '@h-mas/plugin-hmas-common';
import express from 'express';
import type { DeploymentRow } from '../database/DeploymentStore';
import type { HmasAccess } from './access';
import type { DeploymentService } from './DeploymentService';
import {
  ForwardResult,
  InferenceError,
  InferenceGateway,
} from './InferenceGateway';
import type { UsageMeter } from './UsageMeter';
import { TtlCache } from './TtlCache';

/**
 * How long the gateway calls a deployment by one read of its row: a burst of calls reads the
 * database once, and a change (deleting, a new Service) shows within this time.
 */
const DEPLOYMENT_TTL_MS = 2_000;

/** The largest request body the gateway forwards. */
export const INFERENCE_MAX_BODY = '1mb';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The deployment a path names: its id, or `<namespace>.<name>` (a namespace has no dot), as
 * the catalog names its entity outside `default`; a bare name is in `default`.
 */
async function deploymentOf(
  deploymentService: Pick<DeploymentService, 'get' | 'list'>,
  ref: string,
): Promise<DeploymentRow> {
  if (UUID.test(ref)) return deploymentService.get(ref.toLowerCase());
  const dot = ref.indexOf('.');
  const namespace = dot < 0 ? 'default' : ref.slice(0, dot);
  const name = dot < 0 ? ref : ref.slice(dot + 1);
  if (
    !NAMESPACE.test(namespace) ||
    !deploymentNameSchema.safeParse(name).success
  ) {
    throw new NotFoundError(`No deployment ${ref}`);
  }
  const row = (await deploymentService.list({ namespace })).find(
    r => r.name === name,
  );
  if (!row) throw new NotFoundError(`No deployment ${namespace}/${name}`);
  return row;
}

/** An error as OpenAI's clients expect it; the status is kept. */
function sendError(
  res: express.Response,
  status: number,
  message: string,
  type: string,
) {
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .status(status)
    .json({ error: { message, type, param: null, code: status } });
}

/**
 * The inference gateway's routes: `/inference/<deployment>/v1/...` (and Triton's
 * `/inference/<deployment>/v2/models/<model>/generate[_stream]`), for callers with
 * `hmas.inference.invoke` on the deployment. Bodies are forwarded as they are, up to
 * {@link INFERENCE_MAX_BODY}; no query string, cookie, authorization or hop-by-hop header of
 * the caller reaches the model server. Errors are in OpenAI's shape.
 *
 * Every call of an authorized caller to a deployment is counted by `meter`: latency from the
 * route's start to the end of the reply, an error when the status is 400 or more (the
 * gateway's own 404, 405, 502 and 503 included) or the stream broke, and the tokens the reply
 * reported. Calls refused before (unknown deployment, 401, 403) are not counted.
 *
 * @internal
 */
export function createInferenceRouter(options: {
  access: HmasAccess;
  deploymentService: Pick<DeploymentService, 'get' | 'list' | 'status'>;
  gateway: InferenceGateway;
  logger: LoggerService;
  meter?: Pick<UsageMeter, 'record'>;
}): express.Router {
  const { access, deploymentService, gateway } = options;
  const deployments = new TtlCache<string, DeploymentRow>(DEPLOYMENT_TTL_MS);
  const router = express.Router();
  router.use(
    '/inference',
    express.raw({ type: () => true, limit: INFERENCE_MAX_BODY }),
  );
  // Every deployment the caller may call, as OpenAI's model list: a client pointed at
  // /inference/v1 finds them (each is then called at /inference/<id>/v1). It is matched
  // first, so a deployment named `v1` in `default` is called by its id.
  router.get('/inference/v1/models', async (req, res) => {
    try {
      const allowed = await access.listAccess(
        req,
        hmasInferenceInvokePermission,
      );
      const rows =
        allowed.result === 'none'
          ? []
          : await deploymentService.list(
              allowed.result === 'some' ? { permission: allowed.criteria } : {},
            );
      res.json({
        object: 'list',
        data: rows
          .filter(r => r.state === 'active')
          .map(r => ({
            id: `${r.namespace}.${r.name}`,
            object: 'model',
            created: Math.floor(new Date(r.createdAt).getTime() / 1000),
            owned_by: r.owner,
          })),
      });
    } catch (e) {
      sendError(res, 500, (e as Error).message, 'server_error');
    }
  });
  router.all(/^\/inference\/([^/]+)(\/.*)$/, async (req, res) => {
    const started = performance.now();
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    // Set once the caller may call the deployment: from then on the call is counted.
    let metered: { deploymentId: string; caller: string } | undefined;
    let result: ForwardResult | undefined;
    try {
      const ref = decodeURIComponent((req.params as any)[0]);
      const row = await deployments.through(ref, () =>
        deploymentOf(deploymentService, ref),
      );
      const caller = await access.authorizeResource(
        req,
        hmasInferenceInvokePermission,
        row,
        `Not allowed to call deployment ${row.namespace}/${row.name} (owned by ${row.owner})`,
      );
      metered = { deploymentId: row.id, caller: access.usageCaller(caller) };
      // The raw path: an escaped slash or dot segment matches no route.
      const path = new URL(req.originalUrl, 'http://gateway').pathname.replace(
        /^.*?\/inference\/[^/]+/,
        '',
      );
      const body =
        Buffer.isBuffer(req.body) && req.body.length ? req.body : undefined;
      result = await gateway.forward(
        row,
        {
          method: req.method,
          path,
          contentType: body ? req.headers['content-type'] : undefined,
          accept: req.headers.accept,
          body,
          signal: abort.signal,
        },
        res,
      );
    } catch (e) {
      if (e instanceof InferenceError) {
        sendError(res, e.status, e.message, e.type);
      } else if (e instanceof NotFoundError) {
        sendError(res, 404, e.message, 'not_found_error');
      } else if (e instanceof NotAllowedError) {
        sendError(res, 403, e.message, 'permission_error');
      } else if ((e as Error).name === 'AuthenticationError') {
        sendError(res, 401, (e as Error).message, 'authentication_error');
      } else {
        options.logger.error(
          `Inference gateway failed: ${(e as Error).message}`,
        );
        sendError(res, 500, 'The inference gateway failed', 'server_error');
      }
    } finally {
      if (metered && options.meter) {
        options.meter.record({
          ...metered,
          at: new Date(),
          latencyMs: performance.now() - started,
          // A caller that went away is not the deployment's error.
          error: res.statusCode >= 400 || result?.outcome === 'broken',
          ...result?.tokens,
        });
      }
    }
  });
  // Body parser refusals (too large, bad encoding) in the same shape.
  router.use(
    '/inference',
    (
      err: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (err.type === 'entity.too.large') {
        sendError(
          res,
          413,
          `The request body is larger than ${INFERENCE_MAX_BODY}`,
          'invalid_request_error',
        );
        return;
      }
      next(err);
    },
  );
  return router;
}
