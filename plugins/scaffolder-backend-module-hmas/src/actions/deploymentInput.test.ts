import { InputError } from '@backstage/errors';
import { withTemplateSecrets } from './deploymentInput';

const base = {
  name: 'chat',
  runtime: 'llamacpp',
  model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
  placement: { mode: 'zone' as const, zone: 'cpu-only' as const },
};

describe('withTemplateSecrets', () => {
  it('drops an empty namespace, so H-MAS places the deployment in the team namespace', () => {
    expect(withTemplateSecrets({ ...base, namespace: '' }, {})).toEqual(base);
    expect(withTemplateSecrets({ ...base, namespace: 'ml-team' }, {})).toEqual({
      ...base,
      namespace: 'ml-team',
    });
  });

  it('replaces a template secret by its value, and refuses one not entered or a plain secret', () => {
    expect(
      withTemplateSecrets(
        { ...base, namespace: '', env: { HF_TOKEN: { templateSecret: 'k' } } },
        { k: 'v' },
      ),
    ).toEqual({ ...base, env: { HF_TOKEN: { secret: 'v' } } });
    expect(() =>
      withTemplateSecrets(
        { ...base, env: { HF_TOKEN: { templateSecret: 'k' } } },
        {},
      ),
    ).toThrow(InputError);
    expect(() =>
      withTemplateSecrets(
        { ...base, env: { HF_TOKEN: { secret: 'v' } as any } },
        {},
      ),
    ).toThrow('a template cannot carry a secret value');
  });
});
