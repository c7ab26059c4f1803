import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import type { Server } from 'node:http';
import request from 'supertest';
import { llamaOnCpu, until } from './__testUtils__/deployments';
import {
  as,
  portalPolicyExcept,
  start,
} from './__testUtils__/permissionBackend';

/**
 * The inference gateway reuses a caller's policy decision on `hmas.inference.invoke` for
 * `hmas.inference.permissionCacheMs`, so a stream of calls costs one permission round trip;
 * keyed by the caller, so one caller's decision never answers for another. Over REST, with
 * the real permission backend and a policy that counts what it is asked and can be switched
 * to refuse.
 */

jest.setTimeout(90_000);

const RITA = 'user:default/rita'; // ml-research, the owning group
const RHEA = 'user:default/rhea'; // ml-research

/** The portal's policy, counting the invoke decisions it makes; `refuse` denies them. */
function countingPolicy() {
  const state = { asked: [] as string[], refuse: false };
  const module = portalPolicyExcept('test-counting', (req, user) => {
    if (req.permission.name !== 'hmas.inference.invoke') return undefined;
    state.asked.push(user?.info.userEntityRef ?? 'none');
    return state.refuse ? { result: AuthorizeResult.DENY } : undefined;
  });
  return { state, module };
}

describe('the inference gateway’s reuse of policy decisions', () => {
  let karmada: EmbeddedKarmada;
  beforeAll(async () => {
    karmada = await startEmbeddedKarmada({ modelLoadMs: 100 });
  });
  afterAll(() => karmada.close());

  async function readyDeployment(
    server: Server,
    name: string,
  ): Promise<string> {
    const created = await request(server)
      .post('/api/hmas/deployments')
      .set(as(RITA))
      .send(llamaOnCpu(name, { owner: 'group:default/ml-research' }));
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const id = created.body.deployment.id;
    await until('a ready replica', async () => {
      const res = await request(server)
        .get(`/api/hmas/deployments/${id}`)
        .set(as(RITA));
      return res.body.status?.readyReplicas > 0;
    });
    return id;
  }

  const models = (server: Server, name: string, user: string) =>
    request(server)
      .get(`/api/hmas/inference/default.${name}/v1/models`)
      .set(as(user));

  it('asks once per caller within the time, and a refusal then waits for it', async () => {
    const { state, module } = countingPolicy();
    const server = await start(karmada, module, karmada.token, {
      hmas: { inference: { permissionCacheMs: 60_000 } },
    });
    await readyDeployment(server, 'reused');

    for (let i = 0; i < 5; i++) {
      expect((await models(server, 'reused', RITA)).status).toBe(200);
    }
    expect(state.asked).toEqual([RITA]);

    // Another caller is asked for on its own, and refused when the policy refuses.
    state.refuse = true;
    expect((await models(server, 'reused', RHEA)).status).toBe(403);
    expect(state.asked).toEqual([RITA, RHEA]);
    // The first caller's allow is reused until its time is up (the documented trade-off).
    expect((await models(server, 'reused', RITA)).status).toBe(200);
    expect(state.asked).toEqual([RITA, RHEA]);
  });

  it('asks on every call with permissionCacheMs 0', async () => {
    const { state, module } = countingPolicy();
    const server = await start(karmada, module, karmada.token, {
      hmas: { inference: { permissionCacheMs: 0 } },
    });
    await readyDeployment(server, 'asked');

    for (let i = 0; i < 3; i++) {
      expect((await models(server, 'asked', RITA)).status).toBe(200);
    }
    expect(state.asked).toEqual([RITA, RITA, RITA]);
    state.refuse = true;
    expect((await models(server, 'asked', RITA)).status).toBe(403);
  });
});
