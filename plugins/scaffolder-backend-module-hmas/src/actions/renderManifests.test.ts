import { InputError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasManifestsRenderAction } from './renderManifests';

const input = {
  name: 'qwen-chat',
  model: { preset: 'qwen2.5-0.5b-instruct' },
  runtime: 'vllm',
  placement: { mode: 'zone', zone: 'gpu-general' },
};

describe('hmas:manifests:render', () => {
  it('asks the H-MAS API for a dry run and outputs the manifests', async () => {
    const manifests = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'qwen-chat' },
      },
    ];
    const hmas = fakeHmas(() => ({
      status: 200,
      body: { manifests, yaml: 'kind: Deployment\n' },
    }));
    const ctx = actionContext(input);

    await createHmasManifestsRenderAction(hmas.options).handler(ctx);

    expect(hmas.calls).toEqual([
      {
        method: 'POST',
        url: `${BASE_URL}/deployments?dryRun=true`,
        headers: {
          authorization: await hmas.expectedAuthorization(),
          'content-type': 'application/json',
        },
        body: input,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('yaml', 'kind: Deployment\n');
    expect(ctx.output).toHaveBeenCalledWith('manifests', manifests);
  });

  it('throws the backend’s 400 message, naming the field', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(
        400,
        'Invalid deployment: runtime: Runtime must be one of vllm, tgi',
      ),
    );
    const ctx = actionContext({ ...input, runtime: 'nope' });

    const run = createHmasManifestsRenderAction(hmas.options).handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'runtime: Runtime must be one of vllm, tgi',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
