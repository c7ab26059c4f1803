import { ConflictError, InputError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasDeploymentAction } from './createDeployment';

const input = {
  name: 'qwen-chat',
  namespace: 'ml-team',
  model: { preset: 'qwen2.5-0.5b-instruct' },
  runtime: 'vllm',
  placement: { mode: 'zone', zone: 'gpu-high' },
  replicas: 2,
  owner: undefined,
};

const row = (overrides: Record<string, unknown> = {}) => ({
  id: 'd-1',
  name: 'qwen-chat',
  namespace: 'ml-team',
  owner: 'user:default/mock',
  createdBy: 'user:default/mock',
  runtime: 'vllm',
  model: 'qwen2.5-0.5b-instruct',
  state: 'active',
  spec: {},
  objects: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('hmas:deployment:create', () => {
  it('creates the deployment through the H-MAS API as the initiator and outputs it', async () => {
    const hmas = fakeHmas(() => ({
      status: 201,
      body: { deployment: row(), manifests: [{}], yaml: 'kind: Deployment\n' },
    }));
    const action = createHmasDeploymentAction(hmas.options);
    const ctx = actionContext(input);

    await action.handler(ctx);

    expect(hmas.calls).toEqual([
      {
        method: 'POST',
        url: `${BASE_URL}/deployments`,
        headers: {
          authorization: await hmas.expectedAuthorization(),
          'content-type': 'application/json',
        },
        body: {
          name: 'qwen-chat',
          namespace: 'ml-team',
          model: { preset: 'qwen2.5-0.5b-instruct' },
          runtime: 'vllm',
          placement: { mode: 'zone', zone: 'gpu-high' },
          replicas: 2,
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('id', 'd-1');
    expect(ctx.output).toHaveBeenCalledWith('name', 'qwen-chat');
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'ml-team');
    expect(ctx.output).toHaveBeenCalledWith(
      'endpoint',
      'http://qwen-chat.ml-team.svc.cluster.local',
    );
    expect(ctx.output).toHaveBeenCalledWith('yaml', 'kind: Deployment\n');
  });

  it('throws the backend’s 400 message, naming the field', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(
        400,
        'Invalid deployment: replicas: Replicas must be between 1 and 50',
      ),
    );
    const ctx = actionContext({ ...input, replicas: 99 });

    const run = createHmasDeploymentAction(hmas.options).handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'H-MAS API POST /deployments: Invalid deployment: replicas: Replicas must be between 1 and 50',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('runs the create in the checkpoint create-<name>, so a retried task does not create again', async () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    const ctx = actionContext(input);
    const stored = {
      id: 'd-1',
      name: 'qwen-chat',
      namespace: 'ml-team',
      yaml: 'stored\n',
    };
    const checkpoint = jest.fn(async () => stored);
    ctx.checkpoint = checkpoint as typeof ctx.checkpoint;

    await createHmasDeploymentAction(hmas.options).handler(ctx);

    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'create-qwen-chat' }),
    );
    expect(hmas.calls).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('id', 'd-1');
    expect(ctx.output).toHaveBeenCalledWith('yaml', 'stored\n');
  });

  it('on 409 adopts the active deployment this initiator created in an earlier attempt', async () => {
    const hmas = fakeHmas(call => {
      if (call.method === 'GET') {
        return {
          status: 200,
          body: { items: [row({ id: 'other', name: 'other' }), row()] },
        };
      }
      if (call.url.endsWith('?dryRun=true')) {
        return { status: 200, body: { manifests: [], yaml: 'rendered\n' } };
      }
      return errorAnswer(409, 'Deployment ml-team/qwen-chat already exists');
    });
    const ctx = actionContext(input);

    await createHmasDeploymentAction(hmas.options).handler(ctx);

    expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
      `POST ${BASE_URL}/deployments`,
      `GET ${BASE_URL}/deployments?namespace=ml-team`,
      `POST ${BASE_URL}/deployments?dryRun=true`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('id', 'd-1');
    expect(ctx.output).toHaveBeenCalledWith('yaml', 'rendered\n');
  });

  it.each([
    ['someone else created it', { createdBy: 'user:default/other' }],
    ['it is being deleted', { state: 'deleting' }],
    ['it is not in the list', { name: 'another-name' }],
  ])('on 409 rethrows the conflict when %s', async (_case, overrides) => {
    const hmas = fakeHmas(call =>
      call.method === 'GET'
        ? { status: 200, body: { items: [row(overrides)] } }
        : errorAnswer(409, 'Deployment ml-team/qwen-chat already exists'),
    );
    const ctx = actionContext(input);

    await expect(
      createHmasDeploymentAction(hmas.options).handler(ctx),
    ).rejects.toThrow(ConflictError);
    expect(hmas.calls).toHaveLength(2);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('looks in every namespace when none is given (H-MAS chose the team namespace)', async () => {
    const hmas = fakeHmas(call =>
      call.method === 'GET'
        ? { status: 200, body: { items: [] } }
        : errorAnswer(409, 'exists'),
    );
    const { namespace: _omitted, ...withoutNamespace } = input;

    await expect(
      createHmasDeploymentAction(hmas.options).handler(
        actionContext(withoutNamespace),
      ),
    ).rejects.toThrow(ConflictError);
    expect(hmas.calls[1].url).toBe(`${BASE_URL}/deployments`);
  });
});
