import {
  actionContext,
  BASE_URL,
  exampleInput,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasDeploymentDeleteAction } from './deleteDeployment';
import { examples } from './deleteDeployment.examples';

describe('hmas:deployment:delete examples', () => {
  it('registers the examples on the action', () => {
    const hmas = fakeHmas(() => ({ status: 500 }));
    expect(createHmasDeploymentDeleteAction(hmas.options).examples).toBe(
      examples,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const input = exampleInput(example);
      const hmas = fakeHmas(() => ({ status: 204 }));

      await createHmasDeploymentDeleteAction(hmas.options).handler(
        actionContext(input),
      );

      expect(hmas.calls.map(c => `${c.method} ${c.url}`)).toEqual([
        `DELETE ${BASE_URL}/deployments/${input.id}`,
      ]);
    },
  );
});
