import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { testDeployment } from '../../../testUtils/fakeApi';
import { Playground } from './Playground';

/**
 * The playground's states before a call can be made; the streamed chat itself is tested in
 * Chromium against the portal's gateway (e2e/playground.spec.ts).
 */

const notReady = testDeployment('chat', {
  status: {
    phase: 'loading-model',
    message: '0/1 replicas ready',
    replicas: 1,
    readyReplicas: 0,
    clusters: [],
  },
});

function render(
  d: ReturnType<typeof testDeployment>,
  invoke: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const fetch = jest.fn(async () => new Response('{}', { status: 500 }));
  return {
    fetch,
    rendered: renderInTestApp(
      <TestApiProvider
        apis={[
          [
            discoveryApiRef,
            { getBaseUrl: async () => 'http://backstage/api/hmas' },
          ],
          [fetchApiRef, { fetch }],
          [permissionApiRef, mockApis.permission({ authorize: () => invoke })],
        ]}
      >
        <Playground d={d} />
      </TestApiProvider>,
    ),
  };
}

describe('Playground', () => {
  it('says it answers once a replica is Ready, and sends nothing before', async () => {
    const { fetch, rendered } = render(notReady, AuthorizeResult.ALLOW);
    await rendered;
    expect(
      screen.getByText(
        /The playground answers once a replica is Ready \(now 0\/1\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    // The calls to copy are there already, for this deployment's endpoint.
    expect(
      await screen.findByText(
        'http://backstage/api/hmas/inference/default.chat/v1',
      ),
    ).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says why a caller without hmas.inference.invoke cannot chat', async () => {
    const { fetch, rendered } = render(
      testDeployment('chat'),
      AuthorizeResult.DENY,
    );
    await rendered;
    expect(
      await screen.findByText(
        /You may not call this deployment .*\(permission hmas\.inference\.invoke\)/,
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled(),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks the model server for its model name once Ready and allowed', async () => {
    const { fetch, rendered } = render(
      testDeployment('chat'),
      AuthorizeResult.ALLOW,
    );
    await rendered;
    await waitFor(() =>
      expect(fetch).toHaveBeenCalledWith(
        'http://backstage/api/hmas/inference/default.chat/v1/models',
      ),
    );
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled();
  });
});
