import { ResponseError } from '@backstage/errors';
import { serverMessage, statusOf } from './errors';

async function responseError(status: number, body: string, type: string) {
  return ResponseError.fromResponse(
    new Response(body, {
      status,
      statusText: 'Status text',
      headers: { 'content-type': type },
    }) as any,
  );
}

describe('statusOf and serverMessage', () => {
  it.each([
    {
      name: 'a backend error',
      error: () =>
        responseError(
          409,
          JSON.stringify({
            error: { name: 'ConflictError', message: 'changed since read' },
            response: { statusCode: 409 },
          }),
          'application/json',
        ),
      status: 409,
      message: 'changed since read',
    },
    {
      name: 'a response that is not JSON',
      error: () => responseError(502, 'Bad gateway', 'text/plain'),
      status: 502,
      message: expect.stringContaining('502'),
    },
    {
      name: 'a plain Error',
      error: async () => new Error('offline'),
      status: undefined,
      message: 'offline',
    },
    {
      name: 'a thrown string',
      error: async () => 'boom',
      status: undefined,
      message: 'boom',
    },
  ])('reads $name', async ({ error, status, message }) => {
    const e = await error();
    expect(statusOf(e)).toBe(status);
    expect(serverMessage(e)).toEqual(message);
  });
});
