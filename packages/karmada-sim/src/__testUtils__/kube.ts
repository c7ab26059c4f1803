import { KubeConfig } from '@kubernetes/client-node';
import type { KarmadaSimulator } from '../index';

/** A client-node KubeConfig for the control plane, or a member through the proxy. */
export function kubeConfigFor(
  sim: KarmadaSimulator,
  member?: string,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'sim',
        server: member ? sim.memberUrl(member) : sim.url,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u', token: sim.token }],
    contexts: [
      { name: 'ctx', cluster: 'sim', user: 'u', namespace: 'default' },
    ],
    currentContext: 'ctx',
  });
  return kc;
}

/** A response of {@link raw}. */
export interface RawResponse {
  status: number;
  contentType: string | null;
  body: any;
  text: string;
  headers: Headers;
}

/** A plain fetch against the simulator, for cases a typed client cannot express. */
export async function raw(
  sim: KarmadaSimulator,
  method: string,
  path: string,
  options: {
    body?: unknown;
    contentType?: string;
    token?: string | null;
    userAgent?: string;
  } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (options.userAgent) headers['User-Agent'] = options.userAgent;
  if (options.token !== null) {
    headers.Authorization = `Bearer ${options.token ?? sim.token}`;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: any = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: parsed,
    text,
    headers: res.headers,
  };
}

/** Parses an `ApiException`'s raw body into the Status object. */
export function statusOf(e: unknown): any {
  const body = (e as { body?: unknown }).body;
  return typeof body === 'string' ? JSON.parse(body) : body;
}

/** Resolves with the rejection of a promise that must fail. */
export async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}
