import type { FetchApi } from '@backstage/core-plugin-api';
import {
  InferenceTokenUsage,
  SseDecoder,
  streamedPiece,
} from '@h-mas/plugin-hmas-common';

/** What a streamed answer came to. @internal */
export interface StreamedAnswer {
  text: string;
  /** Token counts, where the runtime reported them. */
  usage?: InferenceTokenUsage;
  /** From sending the request to the first streamed text. */
  firstChunkMs?: number;
  /** From sending the request to the end of the stream. */
  totalMs: number;
}

/** The message of an OpenAI-shaped error reply, else the status. */
async function errorOf(response: Response): Promise<Error> {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (typeof body?.error?.message === 'string') {
      message = `${response.status}: ${body.error.message}`;
    }
  } catch {
    // Not JSON: the status says it.
  }
  return new Error(message);
}

/**
 * Calls a deployment through the inference gateway and reads its server-sent events as they
 * arrive, handing each piece of text to `onText`: the playground shows the answer as it is
 * generated. The signal stops the call (the gateway then cancels the model server's).
 *
 * @internal
 */
export async function streamChat(options: {
  fetchApi: FetchApi;
  /** The deployment's gateway URL (`inferenceUrl`). */
  url: string;
  runtime: string;
  call: { path: string; body: Record<string, unknown> };
  signal: AbortSignal;
  onText: (text: string) => void;
}): Promise<StreamedAnswer> {
  const started = performance.now();
  const response = await options.fetchApi.fetch(
    `${options.url}${options.call.path}`,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
      },
      body: JSON.stringify(options.call.body),
      signal: options.signal,
    },
  );
  if (!response.ok) throw await errorOf(response);
  if (!response.body) throw new Error('The reply has no body to stream');

  const answer: StreamedAnswer = { text: '', totalMs: 0 };
  const decoder = new SseDecoder();
  const text = new TextDecoder();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const data of decoder.push(text.decode(value, { stream: true }))) {
      const piece = streamedPiece(options.runtime, data);
      if (piece.text) {
        answer.firstChunkMs ??= performance.now() - started;
        answer.text += piece.text;
        options.onText(piece.text);
      }
      if (piece.usage) answer.usage = piece.usage;
    }
  }
  decoder.end();
  answer.totalMs = performance.now() - started;
  return answer;
}
