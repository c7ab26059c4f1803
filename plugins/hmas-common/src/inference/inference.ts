/** One message of a chat, as OpenAI's chat completions API takes it. @public */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Token counts a model server reported, where it did. @public */
export interface InferenceTokenUsage {
  promptTokens?: number;
  completionTokens?: number;
}

/** What one streamed event carries: text, token usage, or the end of the stream. @public */
export interface StreamedPiece {
  text?: string;
  usage?: InferenceTokenUsage;
  done?: boolean;
}

/**
 * The gateway's URL of a deployment, under the H-MAS backend's base URL: its OpenAI API is
 * at `<this>/v1`. A deployment is named `<namespace>.<name>` (a namespace has no dot).
 *
 * @public
 */
export function inferenceUrl(
  hmasBaseUrl: string,
  deployment: { namespace: string; name: string },
): string {
  return `${hmasBaseUrl.replace(/\/$/, '')}/inference/${encodeURIComponent(
    `${deployment.namespace}.${deployment.name}`,
  )}`;
}

/** Triton answers KServe v2's generate extension instead of an OpenAI API. */
const isTriton = (runtime: string) => runtime === 'triton';

/** A chat as one prompt, for a runtime that takes text only (Triton's generate). */
function promptOf(messages: ChatMessage[]): string {
  return messages.map(m => `${m.role}: ${m.content}`).join('\n');
}

/**
 * The streamed call the playground makes for a chat: OpenAI's chat completions with
 * `stream` and `stream_options.include_usage` (so the last event carries token counts), or
 * Triton's `generate_stream` with the chat as one prompt.
 *
 * @public
 */
export function streamedChatCall(
  runtime: string,
  model: string,
  messages: ChatMessage[],
  maxTokens: number,
): { path: string; body: Record<string, unknown> } {
  if (isTriton(runtime)) {
    return {
      path: `/v2/models/${encodeURIComponent(model)}/generate_stream`,
      body: {
        text_input: promptOf(messages),
        parameters: { max_tokens: maxTokens },
      },
    };
  }
  return {
    path: '/v1/chat/completions',
    body: {
      model,
      messages,
      max_tokens: maxTokens,
      stream: true,
      stream_options: { include_usage: true },
    },
  };
}

const count = (n: unknown) =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;

/**
 * The token counts of an OpenAI `usage` object (`prompt_tokens`, `completion_tokens`, each
 * a non-negative integer), or undefined when it reports none.
 *
 * @public
 */
export function reportedTokens(
  usage: unknown,
): InferenceTokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  const promptTokens = count(u.prompt_tokens);
  const completionTokens = count(u.completion_tokens);
  if (promptTokens === undefined && completionTokens === undefined) {
    return undefined;
  }
  return {
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(completionTokens !== undefined ? { completionTokens } : {}),
  };
}

/**
 * Reads one streamed event's data: OpenAI's `choices[0].delta.content` (or a completion's
 * `text`) and `usage`, Triton's `text_output`, and OpenAI's `[DONE]`. Data that is not JSON
 * carries nothing.
 *
 * @public
 */
export function streamedPiece(runtime: string, data: string): StreamedPiece {
  if (data === '[DONE]') return { done: true };
  let event: any;
  try {
    event = JSON.parse(data);
  } catch {
    return {};
  }
  if (!event || typeof event !== 'object') return {};
  const piece: StreamedPiece = {};
  if (isTriton(runtime)) {
    if (typeof event.text_output === 'string') piece.text = event.text_output;
    return piece;
  }
  const choice = Array.isArray(event.choices) ? event.choices[0] : undefined;
  const text = choice?.delta?.content ?? choice?.text;
  if (typeof text === 'string' && text !== '') piece.text = text;
  const usage = reportedTokens(event.usage);
  if (usage) piece.usage = usage;
  return piece;
}

/**
 * Copyable calls of a deployment through the gateway: `curl`, and Python (OpenAI's client
 * where the runtime has an OpenAI API, `requests` for Triton). The token is read from
 * `BACKSTAGE_TOKEN`: a user token, or a static external-access token for scripts.
 *
 * @public
 */
export function inferenceSnippets(options: {
  url: string;
  runtime: string;
  model: string;
}): { curl: string; python: string } {
  const { url, runtime, model } = options;
  if (isTriton(runtime)) {
    const generate = `${url}/v2/models/${encodeURIComponent(model)}/generate`;
    return {
      curl: [
        `curl ${generate} \\`,
        `  -H "Authorization: Bearer $BACKSTAGE_TOKEN" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d '{"text_input": "Hello!", "parameters": {"max_tokens": 64}}'`,
      ].join('\n'),
      python: [
        'import os',
        'import requests',
        '',
        '# NVIDIA Triton has no OpenAI API: KServe v2 generate.',
        'reply = requests.post(',
        `    "${generate}",`,
        '    headers={"Authorization": f"Bearer {os.environ[\'BACKSTAGE_TOKEN\']}"},',
        '    json={"text_input": "Hello!", "parameters": {"max_tokens": 64}},',
        '    timeout=300,',
        ')',
        'reply.raise_for_status()',
        'print(reply.json()["text_output"])',
      ].join('\n'),
    };
  }
  return {
    curl: [
      `curl ${url}/v1/chat/completions \\`,
      `  -H "Authorization: Bearer $BACKSTAGE_TOKEN" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '${JSON.stringify({
        model,
        messages: [{ role: 'user', content: 'Hello!' }],
        max_tokens: 64,
      })}'`,
    ].join('\n'),
    python: [
      'import os',
      'from openai import OpenAI',
      '',
      'client = OpenAI(',
      `    base_url="${url}/v1",`,
      '    api_key=os.environ["BACKSTAGE_TOKEN"],',
      ')',
      'stream = client.chat.completions.create(',
      `    model="${model}",`,
      '    messages=[{"role": "user", "content": "Hello!"}],',
      '    max_tokens=64,',
      '    stream=True,',
      ')',
      'for chunk in stream:',
      '    if chunk.choices:',
      '        print(chunk.choices[0].delta.content or "", end="", flush=True)',
      'print()',
    ].join('\n'),
  };
}
