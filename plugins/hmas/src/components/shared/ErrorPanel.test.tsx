import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { ErrorPanel, errorAdvice } from './ErrorPanel';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({ error: { name: 'ServiceUnavailableError', message } }),
      {
        status,
        statusText: 'Service Unavailable',
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
}

describe('ErrorPanel', () => {
  it('says what failed, the backend’s reason (not the generic status line) and what to do', async () => {
    const error = await responseError(
      503,
      'Cluster lab-offline is not ready (ClusterNotReachable: cluster is not reachable), so its nodes cannot be read',
    );
    const retry = jest.fn();
    await renderInTestApp(
      <ErrorPanel
        error={error}
        what="GPU readiness could not be checked"
        onRetry={retry}
      />,
    );
    // WarningPanel prefixes its severity.
    expect(
      screen.getByText(
        'Error: GPU readiness could not be checked: Karmada or the cluster could not be reached',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Cluster lab-offline is not ready \(ClusterNotReachable/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Request failed with 503/)).toBeNull();
    expect(screen.getByText(/once it is Ready again/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalled();
  });

  it.each([
    [401, 'You are signed out'],
    [403, 'Not allowed'],
    [404, 'Not found'],
    [409, 'Changed meanwhile'],
    [400, 'Refused as invalid'],
    [429, 'Too many requests'],
    [500, 'The H-MAS backend failed'],
    [504, 'Karmada or the cluster could not be reached'],
  ])('titles a %d as %s', async (status, title) => {
    expect(errorAdvice(await responseError(status, 'x')).title).toBe(title);
  });

  it('titles a network failure', () => {
    expect(errorAdvice(new TypeError('Failed to fetch')).title).toBe(
      'The H-MAS backend could not be reached',
    );
  });
});
