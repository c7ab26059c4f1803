import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { hmasPlugin } from './plugin';

jest.setTimeout(60_000);

describe('hmas backend plugin', () => {
  it('answers /health without credentials and reports the Karmada mode', async () => {
    const { server } = await startTestBackend({
      features: [
        hmasPlugin,
        mockServices.rootConfig.factory({
          data: { hmas: { karmada: { mode: 'embedded' } } },
        }),
      ],
    });

    const res = await request(server).get('/api/hmas/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: 'ok',
      karmada: { mode: 'embedded' },
    });
  });

  it('serves an empty audit log to a permitted user', async () => {
    const { server } = await startTestBackend({ features: [hmasPlugin] });

    const res = await request(server).get(
      '/api/hmas/audit?targetKind=cluster&targetName=gpu-a',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('rejects a bad audit query with 400 naming the field', async () => {
    const { server } = await startTestBackend({ features: [hmasPlugin] });

    const res = await request(server).get('/api/hmas/audit?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('limit:');
  });

  it('refuses the audit log when the permission is denied', async () => {
    const { server } = await startTestBackend({
      features: [
        hmasPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });

    const res = await request(server).get('/api/hmas/audit');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('requires credentials for the audit log', async () => {
    const { server } = await startTestBackend({ features: [hmasPlugin] });

    const res = await request(server)
      .get('/api/hmas/audit')
      .set('authorization', 'Bearer not-a-token');
    expect(res.status).toBe(401);
  });
});
