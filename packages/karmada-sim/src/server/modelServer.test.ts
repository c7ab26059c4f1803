import {
  ApiException,
  type V1Deployment,
  type V1Service,
} from '@kubernetes/client-node';
import {
  modelDeployment,
  startTestFleet,
  type TestFleet,
} from '../__testUtils__/fleet';
import type { KubeObject } from '../types';
import { generatedTokens, servedModelOf } from './modelServer';

const MEMBER = 'gpu-gen-frankfurt';
const NS = 'serving';
const MODEL = 'Qwen/Qwen2.5-1.5B-Instruct';

/** A vLLM Deployment as H-MAS renders it (`vllm serve <model> …`) and its Service. */
function vllm(name: string, replicas: number): KubeObject[] {
  const deployment = modelDeployment(name, NS, { replicas });
  deployment.spec.template.spec.containers[0] = {
    ...deployment.spec.template.spec.containers[0],
    command: ['vllm', 'serve'],
    args: [MODEL, '--host', '0.0.0.0', '--port', '8000'],
    ports: [{ name: 'http', containerPort: 8000 }],
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: {
      selector: { app: name },
      ports: [{ name: 'http', port: 8000, targetPort: 'http' }],
    },
  };
  return [deployment, service];
}

describe('the model servers of Ready pods, through the service proxy', () => {
  let fleet: TestFleet;
  const proxy = (service: string, path: string) =>
    `${fleet.karmada.sim.memberUrl(
      MEMBER,
    )}/api/v1/namespaces/${NS}/services/${service}/proxy${path}`;
  const post = (service: string, path: string, body: unknown, init = {}) =>
    fetch(proxy(service, path), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${fleet.karmada.sim.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
      ...init,
    });

  beforeAll(async () => {
    fleet = await startTestFleet({ modelLoadMs: 1000 });
    const member = fleet.member(MEMBER);
    await member.core.createNamespace({
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    const [deployment, service] = vllm('chat', 2);
    await member.apps.createNamespacedDeployment({
      namespace: NS,
      body: deployment as V1Deployment,
    });
    await member.core.createNamespacedService({
      namespace: NS,
      body: service as V1Service,
    });
    await fleet.settle();
  });

  afterAll(() => fleet.close());

  it('answers 503 "no endpoints available" while the model loads, as kube-apiserver does', async () => {
    const res = await post('chat:http', '/v1/chat/completions', {
      model: MODEL,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
      message: 'no endpoints available for service "chat"',
    });
  });

  it('serves the OpenAI API once the pods are Ready, read by @kubernetes/client-node', async () => {
    await fleet.advance(1000);
    const models = await fleet
      .member(MEMBER)
      .core.connectGetNamespacedServiceProxyWithPath({
        name: 'chat:http',
        namespace: NS,
        path: 'v1/models',
      });
    // Typed as a string, but client-node parses a JSON reply.
    expect(models as unknown).toEqual({
      object: 'list',
      data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'vllm' }],
    });
  });

  it('answers a chat completion with deterministic text and token usage', async () => {
    const prompt = 'Say something about Karmada';
    const res = await post('chat:http', '/v1/chat/completions', {
      model: MODEL,
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 6,
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: MODEL,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: generatedTokens(prompt, 6).join(' '),
          },
          finish_reason: 'length',
        },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 },
    });
    // The same prompt gets the same answer; another prompt another one.
    const again = await (
      await post('chat:http', '/v1/chat/completions', {
        model: MODEL,
        messages: [{ role: 'user', content: prompt }],
        max_tokens: 6,
      })
    ).json();
    expect(again.choices[0].message.content).toBe(
      body.choices[0].message.content,
    );
    expect(generatedTokens('another prompt', 6)).not.toEqual(
      generatedTokens(prompt, 6),
    );
  });

  it('streams one SSE event per token, then a finish chunk and [DONE]', async () => {
    const res = await post('chat:http', '/v1/chat/completions', {
      model: MODEL,
      messages: [{ role: 'user', content: 'stream please' }],
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map(e => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map(e => JSON.parse(e));
    const content = chunks
      .slice(0, 5)
      .map(c => c.choices[0].delta.content)
      .join('');
    expect(content).toBe(generatedTokens('stream please', 5).join(' '));
    expect(chunks[5].choices[0]).toEqual({
      index: 0,
      delta: {},
      finish_reason: 'length',
    });
    expect(chunks[6].usage).toEqual({
      prompt_tokens: 2,
      completion_tokens: 5,
      total_tokens: 7,
    });
  });

  it('answers completions and embeddings', async () => {
    const completion = await (
      await post('chat:http', '/v1/completions', {
        model: MODEL,
        prompt: 'Once upon a time',
        max_tokens: 3,
      })
    ).json();
    expect(completion.choices[0].text).toBe(
      generatedTokens('Once upon a time', 3).join(' '),
    );
    const embeddings = await (
      await post('chat:http', '/v1/embeddings', {
        model: MODEL,
        input: ['a', 'b'],
      })
    ).json();
    expect(embeddings.data).toHaveLength(2);
    expect(embeddings.data[0].embedding).toHaveLength(8);
    expect(embeddings.data[0].embedding).not.toEqual(
      embeddings.data[1].embedding,
    );
  });

  it('refuses a model vLLM does not serve in OpenAI’s error shape', async () => {
    const res = await post('chat:http', '/v1/chat/completions', {
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: 'The model `gpt-4` does not exist.',
        type: 'NotFoundError',
        param: null,
        code: 404,
      },
    });
  });

  it('answers unknown services and ports as kube-apiserver does', async () => {
    const missing = await post('nope:http', '/v1/models', {});
    expect(missing.status).toBe(404);
    const port = await post('chat:grpc', '/v1/models', {});
    expect(port.status).toBe(503);
    expect((await port.json()).message).toBe(
      'no service port "grpc" found for service "chat"',
    );
  });

  it('needs the create verb on the cluster proxy for a POST: the read-only user is refused', async () => {
    const res = await fetch(proxy('chat:http', '/v1/completions'), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${fleet.karmada.sim.readOnlyToken}`,
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toContain(
      'cannot create resource "clusters/proxy"',
    );
  });

  it('stops streaming when the client goes away', async () => {
    const controller = new AbortController();
    const res = await post(
      'chat:http',
      '/v1/chat/completions',
      {
        model: MODEL,
        messages: [{ role: 'user', content: 'a long answer' }],
        max_tokens: 10_000,
        stream: true,
      },
      { signal: controller.signal },
    );
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    // The server is still healthy for the next caller.
    const next = await post('chat:http', '/v1/completions', {
      model: MODEL,
      prompt: 'next',
      max_tokens: 1,
    });
    expect(next.status).toBe(200);
  });

  it('reaches a named pod through the pod proxy', async () => {
    const pods = await fleet
      .member(MEMBER)
      .core.listNamespacedPod({ namespace: NS });
    const name = pods.items[0].metadata!.name!;
    const health = await fetch(
      `${fleet.karmada.sim.memberUrl(
        MEMBER,
      )}/api/v1/namespaces/${NS}/pods/${name}:8000/proxy/health`,
      { headers: { Authorization: `Bearer ${fleet.karmada.sim.token}` } },
    );
    expect(health.status).toBe(200);
    await expect(
      fleet.member(MEMBER).core.connectGetNamespacedPodProxyWithPath({
        name: 'no-such-pod',
        namespace: NS,
        path: 'health',
      }),
    ).rejects.toBeInstanceOf(ApiException);
  });
});

describe('servedModelOf (what a pod serves, read from its container)', () => {
  const pod = (container: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'server', ...container }] },
  });

  it.each([
    [
      'vLLM: the first positional argument of `vllm serve`',
      {
        image: 'vllm/vllm-openai:v0.11.0',
        command: ['vllm', 'serve'],
        args: ['meta-llama/Llama-3.1-8B-Instruct', '--port', '8000'],
      },
      { kind: 'vllm', model: 'meta-llama/Llama-3.1-8B-Instruct' },
    ],
    [
      'vLLM: --served-model-name wins',
      {
        image: 'vllm/vllm-openai-cpu:v0.11.0',
        args: ['m', '--served-model-name', 'chat'],
      },
      { kind: 'vllm', model: 'chat' },
    ],
    [
      'TGI: --model-id',
      {
        image: 'ghcr.io/huggingface/text-generation-inference:3.3.4',
        args: ['--model-id', 'mistralai/Mistral-7B-Instruct-v0.3'],
      },
      { kind: 'tgi', model: 'mistralai/Mistral-7B-Instruct-v0.3' },
    ],
    [
      'llama.cpp: the GGUF file',
      {
        image: 'ghcr.io/ggml-org/llama.cpp:server-b6700',
        args: ['--hf-repo', 'r/x-GGUF', '--hf-file', 'x-Q4_K_M.gguf'],
      },
      { kind: 'llamacpp', model: 'x-Q4_K_M.gguf' },
    ],
    [
      'llama.cpp: the file of a local --model path',
      {
        image: 'ghcr.io/ggml-org/llama.cpp:server-cuda-b6700',
        args: ['--model', '/models/y.gguf'],
      },
      { kind: 'llamacpp', model: 'y.gguf' },
    ],
    [
      'Ollama: the pull script’s model parameter',
      {
        image: 'ollama/ollama:0.12.3',
        command: ['/bin/sh', '-c'],
        args: ['ollama serve & …', 'ollama-serve-and-pull', 'llama3.2:3b'],
      },
      { kind: 'ollama', model: 'llama3.2:3b' },
    ],
    [
      'Triton: every model of its repository',
      {
        image: 'nvcr.io/nvidia/tritonserver:25.08-py3',
        command: ['tritonserver'],
      },
      { kind: 'triton', model: '' },
    ],
  ])('%s', (_, container, expected) => {
    expect(servedModelOf(pod(container))).toEqual(expected);
  });

  it('knows no model server in an image it does not recognise', () => {
    expect(servedModelOf(pod({ image: 'nginx:1.27' }))).toBeUndefined();
  });
});
