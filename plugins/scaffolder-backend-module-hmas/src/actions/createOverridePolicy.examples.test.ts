import { validatePolicy } from '@h-mas/plugin-hmas-common';
import {
  actionContext,
  BASE_URL,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasOverridePolicyAction } from './createOverridePolicy';
import { examples } from './createOverridePolicy.examples';

describe('hmas:policy:override:create examples', () => {
  it('registers the examples on the action', () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    expect(createHmasOverridePolicyAction(hmas.options).examples).toBe(
      examples,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const input = exampleInput(example);
      const hmas = fakeHmas(call => ({ status: 201, body: call.body }));
      const ctx = actionContext(input);

      await createHmasOverridePolicyAction(hmas.options).handler(ctx);

      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `POST ${BASE_URL}/policies`,
      ]);
      // The backend runs Karmada's webhook rules first: the example must pass them.
      expect(validatePolicy(hmas.calls[0].body)).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith('name', input.metadata.name);
    },
  );
});
