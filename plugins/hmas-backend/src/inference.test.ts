import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import express from 'express';
import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import request from 'supertest';
import { as, start } from './__testUtils__/permissionBackend';
import { llamaOnCpu, until } from './__testUtils__/deployments';

jest.setTimeout(90_000);

const RITA = 'user:default/rita'; // ml-research, the owning group
const SAM = 'user:default/sam'; // vision
const PAT = 'user:default/pat'; // platform-team (admin)
const MODEL = 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf';
const GATEWAY = '/api/hmas/inference/default.chat';

describe('the inference gateway over REST, to the simulator’s model servers', () => {
  let karmada: EmbeddedKarmada;
  let server: Server;
  let id: string;
  let last = '';
  const url = (path: string) =>
    `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

  beforeAll(async () => {
    karmada = await startEmbeddedKarmada({
      modelLoadMs: 300,
      modelServer: { firstTokenMs: 20, tokenIntervalMs: 40 },
    });
    server = await start(karmada);
    // One replica on each of two clusters, so that one can fail.
    const preset = await request(server)
      .post('/api/hmas/presets')
      .set(as(PAT))
      .send({
        name: 'duplicated',
        title: 'A replica on every cluster',
        placement: { replicaScheduling: { type: 'Duplicated' } },
      });
    if (preset.status !== 201) throw new Error(JSON.stringify(preset.body));
    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as(RITA))
      .send(
        llamaOnCpu('chat', {
          owner: 'group:default/ml-research',
          presetId: preset.body.id,
          placement: {
            mode: 'clusters',
            clusters: ['cpu-oregon', 'gpu-gen-virginia'],
          },
        }),
      );
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    id = created.body.deployment.id;
    await until(
      'both clusters have a ready replica',
      async () => {
        const res = await request(server)
          .get(`/api/hmas/deployments/${id}`)
          .set(as(RITA));
        const ready = (res.body.status?.clusters ?? []).filter(
          (c: { readyReplicas: number }) => c.readyReplicas > 0,
        );
        last = JSON.stringify(res.body.status);
        return ready.length === 2;
      },
      20_000,
    ).catch(e => {
      throw new Error(`${e.message}: ${last}`);
    });
  });

  afterAll(() => karmada.close());

  const chat = (content: string, extra: Record<string, unknown> = {}) => ({
    model: MODEL,
    messages: [{ role: 'user', content }],
    max_tokens: 3,
    ...extra,
  });

  it('answers OpenAI’s chat completions for the owner’s team, by namespace.name and by id', async () => {
    const byName = await request(server)
      .post(`${GATEWAY}/v1/chat/completions`)
      .set(as('user:default/rhea'))
      .send(chat('hello'));
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({
      object: 'chat.completion',
      model: MODEL,
      choices: [{ message: { role: 'assistant' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
    });
    const byId = await request(server)
      .post(`/api/hmas/inference/${id}/v1/chat/completions`)
      .set(as(RITA))
      .send(chat('hello'));
    expect(byId.body.choices).toEqual(byName.body.choices);

    const models = await request(server)
      .get(`${GATEWAY}/v1/models`)
      .set(as(PAT));
    expect(models.body.data.map((m: { id: string }) => m.id)).toEqual([MODEL]);
  });

  it('lists the deployments a caller may call as OpenAI models at /inference/v1/models', async () => {
    const mine = await request(server)
      .get('/api/hmas/inference/v1/models')
      .set(as(RITA));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      object: 'list',
      data: [
        {
          id: 'default.chat',
          object: 'model',
          created: expect.any(Number),
          owned_by: 'group:default/ml-research',
        },
      ],
    });
    const others = await request(server)
      .get('/api/hmas/inference/v1/models')
      .set(as(SAM));
    expect(others.body).toEqual({ object: 'list', data: [] });
  });

  it('refuses callers without hmas.inference.invoke, and unauthenticated ones, in OpenAI’s error shape', async () => {
    const refused = await request(server)
      .post(`${GATEWAY}/v1/chat/completions`)
      .set(as(SAM))
      .send(chat('hello'));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: {
        message:
          'Not allowed to call deployment default/chat (owned by group:default/ml-research)',
        type: 'permission_error',
        param: null,
        code: 403,
      },
    });
    const unauthenticated = await request(server)
      .post(`${GATEWAY}/v1/chat/completions`)
      .set('Authorization', 'Bearer not-a-token')
      .send(chat('hello'));
    expect(unauthenticated.status).toBe(401);
  });

  it('reaches nothing but the deployment’s own inference routes (no open proxy)', async () => {
    const attempts = [
      // dot segments and escaped slashes out of /v1
      `${GATEWAY}/v1/../../api/v1/namespaces/kube-system/secrets`,
      `${GATEWAY}/v1/%2e%2e/%2e%2e/api/v1/secrets`,
      `${GATEWAY}/v1%2Fmodels`,
      `${GATEWAY}/v1/models/..%2F..%2Fhealth`,
      // another server's URL, another service, the member's API
      `${GATEWAY}/http://169.254.169.254/latest/meta-data`,
      `${GATEWAY}//evil.example/v1/models`,
      '/api/hmas/inference/default.chat:8080/v1/models',
      '/api/hmas/inference/kube-system.coredns/v1/models',
      `${GATEWAY}/api/v1/namespaces/default/pods`,
      `${GATEWAY}/health`,
    ];
    for (const path of attempts) {
      const res = await fetch(url(path), {
        headers: as(PAT),
      });
      expect({ path, status: res.status }).toEqual({
        path,
        status: 404,
      });
    }
    // A Host header changes nothing: the deployment is found by path, reached by Karmada.
    const host = await fetch(url(`${GATEWAY}/v1/models`), {
      headers: { ...as(PAT), Host: 'evil.example' },
    });
    expect(host.status).toBe(200);
    // The wrong method on a known route.
    const get = await request(server)
      .get(`${GATEWAY}/v1/chat/completions`)
      .set(as(PAT));
    expect(get.status).toBe(405);
  });

  it('refuses a body over the limit with 413 and never forwards it', async () => {
    const res = await request(server)
      .post(`${GATEWAY}/v1/chat/completions`)
      .set(as(RITA))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(chat('x'.repeat(1_100_000))));
    expect(res.status).toBe(413);
    expect(res.body.error.type).toBe('invalid_request_error');
  });

  it('streams SSE chunk by chunk, without buffering the reply', async () => {
    const res = await fetch(url(`${GATEWAY}/v1/chat/completions`), {
      method: 'POST',
      headers: { ...as(RITA), 'Content-Type': 'application/json' },
      body: JSON.stringify(chat('stream', { stream: true, max_tokens: 20 })),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    // The first read comes back with the first token, long before the 20th (40 ms apart).
    const first = decoder.decode((await reader.read()).value);
    expect(first).toMatch(/^data: \{/);
    expect(first).not.toContain('[DONE]');
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
    const events = `${first}${rest}`.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events).toHaveLength(22); // 20 tokens, the finish chunk, [DONE]
  });

  it('streams through Backstage’s compression middleware unbuffered (SSE is never compressed)', async () => {
    // The portal's root router compresses replies (backend-defaults' MiddlewareFactory
    // compression()); the test backend has no such middleware, so the same one is put in
    // front of it here, passing the gateway's replies through as they come.
    const front = express();
    front.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }).compression(),
    );
    front.use((req, res) => {
      const upstream = http.request(
        url(req.url),
        { method: req.method, headers: req.headers },
        reply => {
          const headers = { ...reply.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          delete headers['keep-alive'];
          res.writeHead(reply.statusCode ?? 502, headers);
          reply.on('data', chunk => {
            res.write(chunk);
            // compression() buffers until flushed or ended, unless it skips the reply.
          });
          reply.on('end', () => res.end());
        },
      );
      req.pipe(upstream);
    });
    const frontServer = front.listen(0);
    try {
      const frontUrl = (path: string) =>
        `http://127.0.0.1:${
          (frontServer.address() as AddressInfo).port
        }${path}`;
      const headers = {
        ...as(RITA),
        'Content-Type': 'application/json',
        'Accept-Encoding': 'gzip',
      };
      // A JSON reply is compressed: the middleware is at work.
      const json = await fetch(frontUrl(`${GATEWAY}/v1/chat/completions`), {
        method: 'POST',
        headers,
        body: JSON.stringify(chat('compressed', { max_tokens: 40 })),
      });
      expect(json.status).toBe(200);
      expect(json.headers.get('content-encoding')).toBe('gzip');
      await json.json();

      const res = await fetch(frontUrl(`${GATEWAY}/v1/chat/completions`), {
        method: 'POST',
        headers,
        body: JSON.stringify(chat('stream', { stream: true, max_tokens: 20 })),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
      const reader = res.body!.getReader();
      // The first read brings the first token, long before the 20th (40 ms apart).
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toMatch(/^data: \{/);
      expect(first).not.toContain('[DONE]');
      while (!(await reader.read()).done);
    } finally {
      await new Promise(resolve => frontServer.close(resolve));
    }
  });

  it('cancels the upstream request when the caller goes away', async () => {
    let inFlight = 0;
    const observer = karmada.sim.faults.inject({
      match: { pathPrefix: '/apis/cluster.karmada.io/v1alpha1/clusters/' },
      observe: () => {
        inFlight++;
        return () => inFlight--;
      },
    });
    try {
      const abort = new AbortController();
      const res = await fetch(url(`${GATEWAY}/v1/chat/completions`), {
        method: 'POST',
        headers: { ...as(RITA), 'Content-Type': 'application/json' },
        body: JSON.stringify(
          chat('a very long answer', { stream: true, max_tokens: 100_000 }),
        ),
        signal: abort.signal,
      });
      await res.body!.getReader().read();
      expect(inFlight).toBe(1);
      abort.abort();
      // 100 000 tokens 40 ms apart would take over an hour: it ends because it was cancelled.
      await until(
        'the upstream request is closed',
        async () => inFlight === 0,
        5_000,
      );
    } finally {
      observer.remove();
    }
  });

  it('retries another cluster when one fails before any byte was sent', async () => {
    const fault = karmada.sim.faults.inject({
      match: { pathPrefix: '/apis/cluster.karmada.io/v1alpha1/clusters/' },
      status: 503,
      times: 1,
    });
    try {
      const res = await request(server)
        .post(`${GATEWAY}/v1/completions`)
        .set(as(RITA))
        .send({ model: MODEL, prompt: 'retry me', max_tokens: 2 });
      expect(res.status).toBe(200);
      expect(res.body.choices[0].text.split(' ')).toHaveLength(2);
    } finally {
      fault.remove();
    }
    // Every cluster failing is a 502 naming what each said.
    const down = karmada.sim.faults.inject({
      match: { pathPrefix: '/apis/cluster.karmada.io/v1alpha1/clusters/' },
      status: 500,
    });
    try {
      const res = await request(server)
        .post(`${GATEWAY}/v1/completions`)
        .set(as(RITA))
        .send({ model: MODEL, prompt: 'x', max_tokens: 1 });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(
        /^No replica of default\/chat answered: .*HTTP 500; .*HTTP 500$/,
      );
    } finally {
      down.remove();
    }
  });
});

describe('the inference gateway before the model is loaded', () => {
  let karmada: EmbeddedKarmada;
  beforeAll(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 600_000 });
  });
  afterAll(() => karmada.close());

  it('answers 503 while no replica is ready, and 404 for a deployment that does not exist', async () => {
    const server = await start(karmada);
    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as(RITA))
      .send(llamaOnCpu('loading', { owner: 'group:default/ml-research' }));
    expect(created.status).toBe(201);
    const res = await request(server)
      .post('/api/hmas/inference/default.loading/v1/completions')
      .set(as(RITA))
      .send({ prompt: 'hi' });
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      message: 'Deployment default/loading has no ready replica on any cluster',
      type: 'service_unavailable',
      param: null,
      code: 503,
    });
    const missing = await request(server)
      .post('/api/hmas/inference/default.nope/v1/completions')
      .set(as(RITA))
      .send({ prompt: 'hi' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('not_found_error');
  });
});
