/**
 * What a simulated model-serving pod answers over HTTP once it is Ready: the API of the
 * server its container image runs (vLLM, TGI, llama.cpp and Ollama speak OpenAI's `/v1`;
 * Triton speaks KServe v2 with its generate extension). The text is generated from the
 * request, deterministically, so a test can predict it; streaming sends one SSE event per
 * token after a configurable time to first token.
 */

import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../types';

/** Pace of the simulated model servers. @public */
export interface ModelServerOptions {
  /** Milliseconds before the first token (the prefill). Default 50. */
  firstTokenMs?: number;
  /** Milliseconds between two streamed tokens. Default 5. */
  tokenIntervalMs?: number;
}

/** The kinds of model server the simulator answers as. @internal */
export type ModelServerKind = 'vllm' | 'tgi' | 'llamacpp' | 'ollama' | 'triton';

/** What a pod serves, read from its first container as the real server reads it. @internal */
export interface ServedModel {
  kind: ModelServerKind;
  /** The model id the server reports and accepts in `model`. */
  model: string;
}

/** A request forwarded to a pod (through the kube-apiserver's service or pod proxy). @internal */
export interface ModelRequest {
  method: string;
  /** Path on the pod, with its query string. */
  path: string;
  body: string;
  /** Called when the client goes away, to stop streaming. */
  signal: AbortSignal;
}

const DEFAULT_MAX_TOKENS = 16;
const EMBEDDING_DIMENSIONS = 8;
const WORDS = [
  'the',
  'model',
  'answers',
  'from',
  'a',
  'simulated',
  'replica',
  'on',
  'its',
  'member',
  'cluster',
  'with',
  'tokens',
  'in',
  'order',
  'and',
];

function flag(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}

/**
 * The model server a pod runs, from its first container's image, command and args, or
 * `undefined` when the image is no model server the simulator knows.
 *
 * @internal
 */
export function servedModelOf(pod: KubeObject): ServedModel | undefined {
  const container = pod.spec?.containers?.[0];
  if (!container) return undefined;
  const image = String(container.image ?? '');
  const command: string[] = container.command ?? [];
  const args: string[] = container.args ?? [];
  const env = new Map<string, string>(
    (container.env ?? []).map((e: { name: string; value?: string }) => [
      e.name,
      e.value ?? '',
    ]),
  );
  if (image.includes('vllm')) {
    // `vllm serve <model>`: the model is the first positional argument.
    const model =
      flag(args, '--served-model-name') ??
      flag(args, '--model') ??
      args.find(a => !a.startsWith('-'));
    return model ? { kind: 'vllm', model } : undefined;
  }
  if (image.includes('text-generation-inference')) {
    const model = flag(args, '--model-id') ?? env.get('MODEL_ID');
    return model ? { kind: 'tgi', model } : undefined;
  }
  if (image.includes('llama.cpp')) {
    // llama-server names the model by its alias, else by the file it loaded.
    const model =
      flag(args, '--alias', '-a') ??
      flag(args, '--hf-file', '-hff') ??
      flag(args, '--hf-repo', '-hf') ??
      flag(args, '--model', '-m')?.split('/').pop();
    return model ? { kind: 'llamacpp', model } : undefined;
  }
  if (image.includes('ollama')) {
    // The pull script takes the model as its first parameter ($1), after $0.
    const model =
      command.join(' ').includes('/bin/sh') && args.length >= 3
        ? args[2]
        : env.get('OLLAMA_MODEL');
    return model ? { kind: 'ollama', model } : undefined;
  }
  if (image.includes('tritonserver')) {
    // Triton serves every model of its repository; the simulator has no repository to read.
    return { kind: 'triton', model: '' };
  }
  return undefined;
}

/** Whitespace-separated words: the simulator's tokens. */
function tokensOf(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The deterministic answer to a prompt: `count` words chosen by the prompt's hash. */
export function generatedTokens(prompt: string, count: number): string[] {
  const out: string[] = [];
  let digest = createHash('sha256').update(prompt).digest();
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % digest.length === 0) {
      digest = createHash('sha256').update(digest).digest();
    }
    out.push(WORDS[digest[i % digest.length] % WORDS.length]);
  }
  return out;
}

function embeddingOf(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  const vector = Array.from(
    { length: EMBEDDING_DIMENSIONS },
    (_, i) => digest[i] / 255 - 0.5,
  );
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1;
  return vector.map(v => Number((v / norm).toFixed(6)));
}

function sendJson(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** An error in OpenAI's shape, as vLLM and llama.cpp send it. */
function openAiError(
  res: ServerResponse,
  code: number,
  message: string,
  type = code === 404 ? 'NotFoundError' : 'BadRequestError',
) {
  sendJson(res, code, { error: { message, type, param: null, code } });
}

function parseBody(body: string): Record<string, any> | undefined {
  if (!body.trim()) return {};
  try {
    const parsed = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (ms <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** A message's text: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p: { text?: string }) => p.text ?? '').join(' ');
}

function promptOf(body: Record<string, any>, chat: boolean): string {
  if (chat) {
    const messages: Array<{ content?: unknown }> = Array.isArray(body.messages)
      ? body.messages
      : [];
    return messages.map(m => textOf(m.content)).join('\n');
  }
  return Array.isArray(body.prompt)
    ? body.prompt.join('\n')
    : String(body.prompt ?? '');
}

/**
 * Answers one request as the pod's model server. The caller has checked that the pod is
 * Ready (a real server's port opens, or its health turns 200, only once the model loaded).
 *
 * @internal
 */
export async function answerModelRequest(
  served: ServedModel,
  req: ModelRequest,
  res: ServerResponse,
  options: ModelServerOptions = {},
): Promise<void> {
  const url = new URL(req.path, 'http://pod');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method.toUpperCase();

  if (served.kind === 'triton') {
    return answerTriton(served, method, path, req, res, options);
  }

  if (method === 'GET' && path === '/health') {
    if (served.kind === 'llamacpp') sendJson(res, 200, { status: 'ok' });
    else {
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
    }
    return undefined;
  }
  if (served.kind === 'ollama' && method === 'GET' && path === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Ollama is running');
    return undefined;
  }
  if (served.kind === 'ollama' && method === 'GET' && path === '/api/tags') {
    sendJson(res, 200, {
      models: [{ name: served.model, model: served.model }],
    });
    return undefined;
  }
  if (method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, {
      object: 'list',
      data: [
        {
          id: served.model,
          object: 'model',
          created: 0,
          owned_by: served.kind,
        },
      ],
    });
    return undefined;
  }

  const routes: Record<string, 'chat' | 'completion' | 'embedding'> = {
    '/v1/chat/completions': 'chat',
    '/v1/completions': 'completion',
    '/v1/embeddings': 'embedding',
  };
  const route = routes[path];
  if (!route) {
    openAiError(res, 404, `Not Found: ${path}`);
    return undefined;
  }
  if (method !== 'POST') {
    sendJson(res, 405, { detail: 'Method Not Allowed' });
    return undefined;
  }
  const body = parseBody(req.body);
  if (!body) {
    openAiError(res, 400, 'The request body is not a JSON object');
    return undefined;
  }
  // vLLM and Ollama refuse a model they do not serve; TGI and llama.cpp serve their one
  // model whatever the request names.
  if (
    (served.kind === 'vllm' || served.kind === 'ollama') &&
    body.model !== undefined &&
    body.model !== served.model
  ) {
    openAiError(res, 404, `The model \`${body.model}\` does not exist.`);
    return undefined;
  }
  if (route === 'chat' && !Array.isArray(body.messages)) {
    openAiError(res, 400, 'messages: Field required');
    return undefined;
  }

  if (route === 'embedding') {
    const inputs: string[] = Array.isArray(body.input)
      ? body.input.map(String)
      : [String(body.input ?? '')];
    sendJson(res, 200, {
      object: 'list',
      model: served.model,
      data: inputs.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: embeddingOf(text),
      })),
      usage: {
        prompt_tokens: inputs.reduce((s, t) => s + tokensOf(t), 0),
        total_tokens: inputs.reduce((s, t) => s + tokensOf(t), 0),
      },
    });
    return undefined;
  }

  const chat = route === 'chat';
  const prompt = promptOf(body, chat);
  const maxTokens = Number(
    body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS,
  );
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    openAiError(res, 400, 'max_tokens must be a positive integer');
    return undefined;
  }
  const words = generatedTokens(prompt, maxTokens);
  const usage = {
    prompt_tokens: tokensOf(prompt),
    completion_tokens: words.length,
    total_tokens: tokensOf(prompt) + words.length,
  };
  const id = `${chat ? 'chatcmpl' : 'cmpl'}-${createHash('sha1')
    .update(`${prompt}\n${maxTokens}`)
    .digest('hex')
    .slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  const firstTokenMs = options.firstTokenMs ?? 50;
  const tokenIntervalMs = options.tokenIntervalMs ?? 5;

  if (!body.stream) {
    await sleep(
      firstTokenMs + tokenIntervalMs * (words.length - 1),
      req.signal,
    );
    if (req.signal.aborted) return undefined;
    const text = words.join(' ');
    sendJson(res, 200, {
      id,
      object: chat ? 'chat.completion' : 'text_completion',
      created,
      model: served.model,
      choices: [
        chat
          ? {
              index: 0,
              message: { role: 'assistant', content: text },
              finish_reason: 'length',
            }
          : { index: 0, text, finish_reason: 'length' },
      ],
      usage,
    });
    return undefined;
  }

  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  const event = (data: unknown) =>
    res.write(
      `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    );
  const chunk = (delta: string | undefined, finish: string | null) => ({
    id,
    object: chat ? 'chat.completion.chunk' : 'text_completion',
    created,
    model: served.model,
    choices: [
      chat
        ? {
            index: 0,
            delta: delta === undefined ? {} : { content: delta },
            finish_reason: finish,
          }
        : { index: 0, text: delta ?? '', finish_reason: finish },
    ],
  });
  const finished = await streamTokens(
    words,
    { firstTokenMs, tokenIntervalMs },
    req.signal,
    piece => event(chunk(piece, null)),
  );
  if (!finished) return undefined;
  event(chunk(undefined, 'length'));
  if (body.stream_options?.include_usage) {
    event({
      id,
      object: 'chat.completion.chunk',
      created,
      model: served.model,
      choices: [],
      usage,
    });
  }
  event('[DONE]');
  res.end();
  return undefined;
}

/**
 * Hands the generated words to `send` at the model server's pace: the first after
 * `firstTokenMs`, each next one `tokenIntervalMs` later and with its leading space. Answers
 * false when the caller went away (then nothing more is sent).
 */
async function streamTokens(
  words: string[],
  pace: { firstTokenMs: number; tokenIntervalMs: number },
  signal: AbortSignal,
  send: (piece: string) => void,
): Promise<boolean> {
  await sleep(pace.firstTokenMs, signal);
  for (let i = 0; i < words.length; i++) {
    if (signal.aborted) return false;
    if (i > 0) await sleep(pace.tokenIntervalMs, signal);
    if (signal.aborted) return false;
    send(i === 0 ? words[i] : ` ${words[i]}`);
  }
  return !signal.aborted;
}

/** Triton's HTTP API: KServe v2 health and metadata, and the generate extension. */
async function answerTriton(
  served: ServedModel,
  method: string,
  path: string,
  req: ModelRequest,
  res: ServerResponse,
  options: ModelServerOptions,
): Promise<void> {
  if (
    method === 'GET' &&
    (path === '/v2/health/ready' || path === '/v2/health/live')
  ) {
    res.writeHead(200, { 'Content-Length': 0 });
    res.end();
    return;
  }
  if (method === 'GET' && path === '/v2') {
    sendJson(res, 200, {
      name: 'triton',
      version: '2.60.0',
      extensions: ['generate'],
    });
    return;
  }
  const generate =
    /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/(generate|generate_stream)$/.exec(
      path,
    );
  if (!generate) {
    sendJson(res, 404, { error: `Not Found` });
    return;
  }
  if (served.model && decodeURIComponent(generate[1]) !== served.model) {
    sendJson(res, 400, {
      error: `Request for unknown model: '${decodeURIComponent(
        generate[1],
      )}' is not found`,
    });
    return;
  }
  const body = parseBody(req.body);
  if (!body || typeof body.text_input !== 'string') {
    sendJson(res, 400, { error: 'text_input: a string input is required' });
    return;
  }
  const maxTokens = Number(
    body.max_tokens ?? body.parameters?.max_tokens ?? DEFAULT_MAX_TOKENS,
  );
  const words = generatedTokens(
    body.text_input,
    maxTokens > 0 ? maxTokens : DEFAULT_MAX_TOKENS,
  );
  const firstTokenMs = options.firstTokenMs ?? 50;
  const tokenIntervalMs = options.tokenIntervalMs ?? 5;
  if (generate[2] === 'generate') {
    await sleep(
      firstTokenMs + tokenIntervalMs * (words.length - 1),
      req.signal,
    );
    if (req.signal.aborted) return;
    sendJson(res, 200, {
      model_name: decodeURIComponent(generate[1]),
      model_version: '1',
      text_output: words.join(' '),
    });
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });
  const finished = await streamTokens(
    words,
    { firstTokenMs, tokenIntervalMs },
    req.signal,
    piece =>
      res.write(
        `data: ${JSON.stringify({
          model_name: decodeURIComponent(generate[1]),
          model_version: '1',
          text_output: piece,
        })}\n\n`,
      ),
  );
  if (!finished) return;
  res.end();
}
