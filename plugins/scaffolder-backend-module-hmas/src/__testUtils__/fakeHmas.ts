import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseYaml } from '@h-mas/plugin-hmas-common';

/** One request the fake H-MAS backend received. */
export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** What the fake answers: a status and a JSON body (none for 204). */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

export const BASE_URL = 'http://backstage.test/api/hmas';

const statusTexts: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

const errorNames: Record<number, string> = {
  400: 'InputError',
  403: 'NotAllowedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  503: 'ServiceUnavailableError',
};

/** A Backstage error response body, as the H-MAS backend's error middleware sends it. */
export function errorAnswer(status: number, message: string): FakeAnswer {
  return {
    status,
    body: {
      error: { name: errorNames[status] ?? 'Error', message },
      request: { method: 'POST', url: '/api/hmas' },
      response: { statusCode: status },
    },
  };
}

/**
 * A fake H-MAS backend behind a fetch: records every request and answers with `route`.
 */
export function fakeHmas(route: (call: RecordedCall) => FakeAnswer) {
  const calls: RecordedCall[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      url,
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const answer = route(call);
    return new Response(
      answer.body === undefined ? null : JSON.stringify(answer.body),
      {
        status: answer.status,
        statusText: statusTexts[answer.status],
        headers: { 'content-type': 'application/json' },
      },
    );
  }) as typeof fetch;

  const discovery: DiscoveryService = {
    getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
    getExternalBaseUrl: async pluginId =>
      `http://backstage.test/api/${pluginId}`,
  };
  const auth = mockServices.auth();

  return {
    calls,
    options: { discovery, auth, fetch: fetchImpl },
    /** The bearer token the actions must send: the initiator's, for the hmas plugin. */
    async expectedAuthorization() {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: mockCredentials.user(),
        targetPluginId: 'hmas',
      });
      return `Bearer ${token}`;
    },
  };
}

/** A mock action context whose initiator is `mockCredentials.user()`. */
export function actionContext<TInput extends Record<string, any>>(
  input: TInput,
) {
  return createMockActionContext({ input });
}

/** The `input` of the first step of a documented example. */
export function exampleInput(example: string): any {
  return (parseYaml(example).steps as any[])[0].input;
}
