import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { llamaOnCpu, until } from './__testUtils__/deployments';
import {
  as,
  portalPolicyExcept,
  start,
} from './__testUtils__/permissionBackend';

/**
 * Metering of the inference gateway over REST, on SQLite and PostgreSQL: calls of users and a
 * service to a deployment of the simulator, counted by the gateway's meter (flushed every
 * 100 ms here), read back from `GET /deployments/{id}/usage`.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const RITA = 'user:default/rita'; // ml-research, the owning group
const RHEA = 'user:default/rhea'; // ml-research
const SAM = 'user:default/sam'; // vision: may neither call nor (here) read the deployment
const SERVICE = 'external:notebook';
const MODEL = 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf';
const GATEWAY = '/api/hmas/inference/default.metered';

/** The portal's policy, except that SAM may not read deployments. */
const samReadsNothing = portalPolicyExcept('test-usage', (req, user) =>
  req.permission.name === 'hmas.deployment.read' &&
  user?.info.userEntityRef === SAM
    ? { result: AuthorizeResult.DENY }
    : undefined,
);

/** The `usage` of the SSE event that carries one. */
function streamedUsage(text: string) {
  const events = text
    .split('\n\n')
    .filter(e => e.startsWith('data: {'))
    .map(e => JSON.parse(e.slice('data: '.length)));
  return events.find(e => e.usage)?.usage;
}

describe.each(databases.eachSupportedId())(
  'inference gateway metering on %p',
  databaseId => {
    let karmada: EmbeddedKarmada;
    let server: Server;
    let id: string;
    const url = (path: string) =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    const usage = (as_: Record<string, string>, query = '') =>
      request(server).get(`/api/hmas/deployments/${id}/usage${query}`).set(as_);

    beforeAll(async () => {
      karmada = await startEmbeddedKarmada({
        modelLoadMs: 300,
        modelServer: { firstTokenMs: 20, tokenIntervalMs: 10 },
      });
      const knex = await databases.init(databaseId);
      server = await start(karmada, samReadsNothing, undefined, {
        hmas: { inference: { usage: { flushIntervalMs: 100 } } },
        features: [
          mockServices.database.factory({ knex, migrations: { skip: false } }),
        ],
      });
      const created = await request(server)
        .post('/api/hmas/deployments')
        .set(as(RITA))
        .send(llamaOnCpu('metered', { owner: 'group:default/ml-research' }));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      id = created.body.deployment.id;
      await until(
        'a replica is ready',
        async () => {
          const res = await request(server)
            .get(`/api/hmas/deployments/${id}`)
            .set(as(RITA));
          return res.body.status?.readyReplicas > 0;
        },
        30_000,
      );
    });

    afterAll(() => karmada.close());

    it('counts requests, errors, latency and reported tokens per caller', async () => {
      // Refused before they reach the deployment: not counted (they come first, so that a
      // count of them would be flushed before the counted calls are).
      const refused = await request(server)
        .post(`${GATEWAY}/v1/chat/completions`)
        .set(as(SAM))
        .send({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
      expect(refused.status).toBe(403);
      const unauthenticated = await request(server)
        .post(`${GATEWAY}/v1/chat/completions`)
        .set('Authorization', 'Bearer not-a-token')
        .send({});
      expect(unauthenticated.status).toBe(401);

      // RITA: a non-streamed call and one to a route of the wrong method (an error).
      const plain = await request(server)
        .post(`${GATEWAY}/v1/chat/completions`)
        .set(as(RITA))
        .send({
          model: MODEL,
          messages: [{ role: 'user', content: 'count these words please' }],
          max_tokens: 3,
        });
      expect(plain.status).toBe(200);
      const wrongMethod = await request(server)
        .get(`${GATEWAY}/v1/chat/completions`)
        .set(as(RITA));
      expect(wrongMethod.status).toBe(405);

      // RHEA: a streamed call that asks for usage in its last chunk.
      const streamed = await fetch(url(`${GATEWAY}/v1/chat/completions`), {
        method: 'POST',
        headers: { ...as(RHEA), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          model: MODEL,
          messages: [{ role: 'user', content: 'stream me an answer' }],
          max_tokens: 7,
          stream: true,
          stream_options: { include_usage: true },
        }),
      });
      expect(streamed.status).toBe(200);
      const streamedText = await streamed.text();
      const streamedTokens = streamedUsage(streamedText);
      expect(streamedTokens).toMatchObject({ completion_tokens: 7 });

      // A service principal (a script with an external-access token), by id.
      const byService = await request(server)
        .post(`/api/hmas/inference/${id}/v1/completions`)
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service(SERVICE),
            targetPluginId: 'hmas',
          }),
        )
        .send({ model: MODEL, prompt: 'hi there', max_tokens: 2 });
      expect(byService.status).toBe(200);

      const res = await until(
        'the counts are written',
        async () => {
          const r = await usage(as(RITA));
          return r.status === 200 && r.body.totals.requests === 4 && r;
        },
        10_000,
      );
      const { body } = res;
      expect(body.callers.map((c: { caller: string }) => c.caller)).toEqual([
        RITA,
        `service:${SERVICE}`,
        RHEA,
      ]);
      const [rita, service, rhea] = body.callers;
      expect(rita).toMatchObject({
        requests: 2,
        errors: 1,
        promptTokens: plain.body.usage.prompt_tokens,
        completionTokens: plain.body.usage.completion_tokens,
      });
      expect(plain.body.usage.completion_tokens).toBe(3);
      expect(rhea).toMatchObject({
        requests: 1,
        errors: 0,
        promptTokens: streamedTokens.prompt_tokens,
        completionTokens: streamedTokens.completion_tokens,
      });
      expect(service).toMatchObject({
        requests: 1,
        errors: 0,
        promptTokens: byService.body.usage.prompt_tokens,
        completionTokens: 2,
      });
      for (const caller of body.callers) {
        expect(caller.latencyMsAvg).toBeGreaterThan(0);
        expect(caller.latencyMsMax).toBeGreaterThanOrEqual(caller.latencyMsAvg);
        expect(Date.parse(caller.lastCallAt)).toBeGreaterThan(
          Date.now() - 60_000,
        );
      }
      // The streamed call lasted at least its 7 tokens, 10 ms apart.
      expect(rhea.latencyMsMax).toBeGreaterThanOrEqual(60);
      expect(body.totals).toMatchObject({
        requests: 4,
        errors: 1,
        promptTokens:
          plain.body.usage.prompt_tokens +
          streamedTokens.prompt_tokens +
          byService.body.usage.prompt_tokens,
        completionTokens: 3 + 7 + 2,
      });
      expect(Date.parse(body.until) - Date.parse(body.since)).toBeGreaterThan(
        24 * 60 * 60 * 1000 - 60_000,
      );

      // Nothing else arrives later: the refused calls were not counted.
      await new Promise(r => setTimeout(r, 300));
      expect((await usage(as(RITA))).body.totals.requests).toBe(4);
    });

    it('answers the period asked for, refuses a bad date, and needs the read permission', async () => {
      const future = await usage(
        as(RITA),
        `?since=${encodeURIComponent(
          new Date(Date.now() + 120_000).toISOString(),
        )}`,
      );
      expect(future.status).toBe(200);
      expect(future.body).toMatchObject({
        totals: { requests: 0 },
        callers: [],
      });
      const hourAgo = new Date(Date.now() - 3_600_000);
      const recent = await usage(
        as(RITA),
        `?since=${encodeURIComponent(hourAgo.toISOString())}`,
      );
      expect(recent.body.since).toBe(
        new Date(Math.floor(hourAgo.getTime() / 60_000) * 60_000).toISOString(),
      );
      expect(recent.body.totals.requests).toBeGreaterThan(0);

      const bad = await usage(as(RITA), '?since=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('since'),
      });

      const refused = await usage(as(SAM));
      expect(refused.status).toBe(403);
      expect(refused.body.error.name).toBe('NotAllowedError');

      const missing = await request(server)
        .get(`/api/hmas/deployments/00000000-0000-4000-8000-000000000000/usage`)
        .set(as(RITA));
      expect(missing.status).toBe(404);
    });

    it('counts an error of the gateway after authorization (every replica failing)', async () => {
      const before = (await usage(as(RHEA))).body.callers.find(
        (c: { caller: string }) => c.caller === RHEA,
      );
      const down = karmada.sim.faults.inject({
        match: { pathPrefix: '/apis/cluster.karmada.io/v1alpha1/clusters/' },
        status: 500,
      });
      try {
        const res = await request(server)
          .post(`${GATEWAY}/v1/completions`)
          .set(as(RHEA))
          .send({ model: MODEL, prompt: 'x', max_tokens: 1 });
        expect(res.status).toBe(502);
      } finally {
        down.remove();
      }
      const after = await until(
        'the failed call is counted',
        async () => {
          const r = await usage(as(RHEA));
          const rhea = r.body.callers.find(
            (c: { caller: string }) => c.caller === RHEA,
          );
          return rhea?.requests === before.requests + 1 && rhea;
        },
        10_000,
      );
      expect(after.errors).toBe(before.errors + 1);
      expect(after.completionTokens).toBe(before.completionTokens);
    });
  },
);
