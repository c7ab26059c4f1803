import {
  DeploymentInfo,
  REDACTED_ENV_VALUE,
  redactPlainSecrets,
} from './deploymentRequests';

const info = (env: Record<string, unknown>, target?: Record<string, unknown>) =>
  ({
    id: '1',
    namespace: 'default',
    name: 'chat',
    owner: 'group:default/ml',
    createdBy: 'user:default/ada',
    runtime: 'llamacpp',
    state: 'active',
    spec: { name: 'chat', env },
    objects: [],
    createdAt: '2026-12-07T00:00:00Z',
    updatedAt: '2026-12-07T00:00:00Z',
    ...(target
      ? {
          operation: {
            kind: 'update',
            id: 'op',
            target,
            heartbeatAt: '2026-12-07T00:00:00Z',
          },
        }
      : {}),
  } as unknown as DeploymentInfo);

describe('redactPlainSecrets', () => {
  it('hides plaintext values under secret-like names, in the spec and an update target', () => {
    const ref = { secretKeyRef: { name: 'chat-secrets', key: 'HF_TOKEN' } };
    const shown = redactPlainSecrets(
      info(
        { HF_TOKEN: 'hf_x', LOG_LEVEL: 'info', API_KEY: ref },
        { env: { DB_PASSWORD: 'p' } },
      ),
    );
    expect(shown.spec.env).toEqual({
      HF_TOKEN: REDACTED_ENV_VALUE,
      LOG_LEVEL: 'info',
      API_KEY: ref,
    });
    expect(shown.operation!.target!.env).toEqual({
      DB_PASSWORD: REDACTED_ENV_VALUE,
    });
  });

  it('returns a row without plaintext secrets as it is', () => {
    const row = info({ LOG_LEVEL: 'info' });
    expect(redactPlainSecrets(row)).toBe(row);
  });
});
