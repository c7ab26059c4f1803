import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { validatePolicy } from '@h-mas/plugin-hmas-common';
import {
  actionContext,
  BASE_URL,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { HmasActionOptions } from '../hmasClient';
import { createHmasOverridePolicyAction } from './createOverridePolicy';
import { examples as overrideExamples } from './createOverridePolicy.examples';
import { createHmasPropagationPolicyAction } from './createPropagationPolicy';
import { examples as propagationExamples } from './createPropagationPolicy.examples';

describe.each([
  [
    'hmas:policy:propagation:create',
    createHmasPropagationPolicyAction,
    propagationExamples,
  ],
  [
    'hmas:policy:override:create',
    createHmasOverridePolicyAction,
    overrideExamples,
  ],
] as Array<[string, (options: HmasActionOptions) => any, TemplateExample[]]>)(
  '%s examples',
  (id, factory, examples) => {
    it('registers the examples on the action', () => {
      const action = factory(fakeHmas(() => ({ status: 500 })).options);
      expect(action.id).toBe(id);
      expect(action.examples).toBe(examples);
    });

    it.each(examples.map(e => [e.description, e.example]))(
      '%s',
      async (_description, example) => {
        const input = exampleInput(example);
        const hmas = fakeHmas(call => ({ status: 201, body: call.body }));
        const ctx = actionContext(input);

        await factory(hmas.options).handler(ctx);

        expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
          `POST ${BASE_URL}/policies`,
        ]);
        // The backend runs Karmada's webhook rules first: the example must pass them.
        expect(validatePolicy(hmas.calls[0].body)).toEqual([]);
        expect(ctx.output).toHaveBeenCalledWith('name', input.metadata.name);
      },
    );
  },
);
