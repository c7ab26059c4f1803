import { ConflictError, InputError } from '@backstage/errors';
import { clusterRegistrationSchema } from '@h-mas/plugin-hmas-common';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasClusterCreateAction } from './createCluster';
import { examples } from './createCluster.examples';

const input = {
  name: 'gpu-hp-osaka',
  apiEndpoint: 'https://10.20.0.10:6443',
  zone: 'gpu-high',
  gpuTypes: ['h100'],
};
const registered = {
  name: 'gpu-hp-osaka',
  zone: 'gpu-high',
  apiEndpoint: 'https://10.20.0.10:6443',
  labels: { 'gpu-tier': 'high', 'cluster-type': 'gpu', 'gpu-type': 'h100' },
};

describe('hmas:cluster:create', () => {
  it('posts the registration and outputs the cluster’s zone and labels', async () => {
    const hmas = fakeHmas(() => ({ status: 201, body: registered }));
    const ctx = actionContext(input);

    await createHmasClusterCreateAction(hmas.options).handler(ctx);

    expect(hmas.calls).toHaveLength(1);
    expect(hmas.calls[0]).toMatchObject({
      method: 'POST',
      url: `${BASE_URL}/clusters`,
      headers: { authorization: await hmas.expectedAuthorization() },
      body: input,
    });
    expect(ctx.output).toHaveBeenCalledWith('name', 'gpu-hp-osaka');
    expect(ctx.output).toHaveBeenCalledWith('zone', 'gpu-high');
    expect(ctx.output).toHaveBeenCalledWith('labels', registered.labels);
  });

  it('on a retry adopts the cluster its earlier attempt registered', async () => {
    const hmas = fakeHmas(call =>
      call.method === 'POST'
        ? errorAnswer(409, 'Cluster gpu-hp-osaka already exists')
        : { status: 200, body: registered },
    );
    const ctx = actionContext(input);

    await createHmasClusterCreateAction(hmas.options).handler(ctx);

    expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
      `POST ${BASE_URL}/clusters`,
      `GET ${BASE_URL}/clusters/gpu-hp-osaka`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('zone', 'gpu-high');
  });

  it('refuses to adopt a cluster of that name at another endpoint', async () => {
    const hmas = fakeHmas(call =>
      call.method === 'POST'
        ? errorAnswer(409, 'Cluster gpu-hp-osaka already exists')
        : {
            status: 200,
            body: { ...registered, apiEndpoint: 'https://10.99.0.1:6443' },
          },
    );
    const ctx = actionContext(input);
    const run = createHmasClusterCreateAction(hmas.options).handler(ctx);
    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(/another API endpoint/);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('throws the backend’s 400 message, naming the field', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(
        400,
        'Invalid cluster: gpuTypes: a CPU Only cluster has no GPU types',
      ),
    );
    const run = createHmasClusterCreateAction(hmas.options).handler(
      actionContext({ ...input, zone: 'cpu-only' }),
    );
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'gpuTypes: a CPU Only cluster has no GPU types',
    );
  });
});

describe('hmas:cluster:create examples', () => {
  it('registers the examples on the action', () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    expect(createHmasClusterCreateAction(hmas.options).examples).toBe(examples);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const exampleIn = exampleInput(example);
      // The backend's schema must accept what the example sends.
      expect(clusterRegistrationSchema.safeParse(exampleIn).success).toBe(true);
      const hmas = fakeHmas(call => ({
        status: 201,
        body: { ...(call.body as object), labels: {} },
      }));
      const ctx = actionContext(exampleIn);
      await createHmasClusterCreateAction(hmas.options).handler(ctx);
      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `POST ${BASE_URL}/clusters`,
      ]);
      expect(ctx.output).toHaveBeenCalledWith('name', exampleIn.name);
    },
  );
});
