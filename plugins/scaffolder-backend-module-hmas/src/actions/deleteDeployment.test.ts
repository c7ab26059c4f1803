import { NotAllowedError } from '@backstage/errors';
import {
  actionContext,
  BASE_URL,
  errorAnswer,
  fakeHmas,
} from '../__testUtils__/fakeHmas';
import { createHmasDeploymentDeleteAction } from './deleteDeployment';

describe('hmas:deployment:delete', () => {
  it('deletes the deployment through the H-MAS API as the initiator', async () => {
    const hmas = fakeHmas(() => ({ status: 204 }));
    const ctx = actionContext({ id: 'd-1' });

    await createHmasDeploymentDeleteAction(hmas.options).handler(ctx);

    expect(hmas.calls).toEqual([
      {
        method: 'DELETE',
        url: `${BASE_URL}/deployments/d-1`,
        headers: {
          authorization: await hmas.expectedAuthorization(),
        },
        body: undefined,
      },
    ]);
  });

  it('succeeds and logs when the deployment is already gone (404)', async () => {
    const hmas = fakeHmas(() => errorAnswer(404, 'No deployment d-1'));
    const ctx = actionContext({ id: 'd-1' });
    const info = jest.spyOn(ctx.logger, 'info');

    await createHmasDeploymentDeleteAction(hmas.options).handler(ctx);

    expect(info).toHaveBeenCalledWith('Deployment d-1 is already gone');
  });

  it('throws other errors with the backend’s message', async () => {
    const hmas = fakeHmas(() =>
      errorAnswer(403, 'Only the owner or an admin may delete d-1'),
    );

    const run = createHmasDeploymentDeleteAction(hmas.options).handler(
      actionContext({ id: 'd-1' }),
    );

    await expect(run).rejects.toThrow(NotAllowedError);
    await expect(run).rejects.toThrow(
      'Only the owner or an admin may delete d-1',
    );
  });

  it('encodes the id in the path', async () => {
    const hmas = fakeHmas(() => ({ status: 204 }));

    await createHmasDeploymentDeleteAction(hmas.options).handler(
      actionContext({ id: 'a/b' }),
    );

    expect(hmas.calls[0].url).toBe(`${BASE_URL}/deployments/a%2Fb`);
  });
});
