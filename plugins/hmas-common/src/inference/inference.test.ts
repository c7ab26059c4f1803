import {
  inferenceSnippets,
  inferenceUrl,
  streamedChatCall,
  streamedPiece,
} from './inference';

describe('inferenceUrl', () => {
  it.each([
    [
      'http://localhost:7007/api/hmas',
      'http://localhost:7007/api/hmas/inference/team-a.chat',
    ],
    [
      'http://localhost:7007/api/hmas/',
      'http://localhost:7007/api/hmas/inference/team-a.chat',
    ],
  ])('%s', (base, expected) => {
    expect(inferenceUrl(base, { namespace: 'team-a', name: 'chat' })).toBe(
      expected,
    );
  });
});

describe('streamedChatCall', () => {
  const messages = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hi' },
  ];

  it('asks an OpenAI runtime for a stream whose last event carries usage', () => {
    expect(streamedChatCall('vllm', 'org/m', messages, 32)).toEqual({
      path: '/v1/chat/completions',
      body: {
        model: 'org/m',
        messages,
        max_tokens: 32,
        stream: true,
        stream_options: { include_usage: true },
      },
    });
  });

  it('asks Triton for generate_stream with the chat as one prompt', () => {
    expect(streamedChatCall('triton', 'ensemble/x', messages, 8)).toEqual({
      path: '/v2/models/ensemble%2Fx/generate_stream',
      body: {
        text_input: 'system: Be brief.\nuser: Hi',
        parameters: { max_tokens: 8 },
      },
    });
  });
});

describe('streamedPiece', () => {
  it.each([
    ['the end', 'vllm', '[DONE]', { done: true }],
    ['not JSON', 'vllm', 'ping', {}],
    ['JSON that is no object', 'vllm', '3', {}],
    [
      'a chat delta',
      'vllm',
      '{"choices":[{"index":0,"delta":{"content":" word"}}]}',
      { text: ' word' },
    ],
    ['an empty delta', 'tgi', '{"choices":[{"index":0,"delta":{}}]}', {}],
    [
      'a completion chunk',
      'llamacpp',
      '{"choices":[{"index":0,"text":"abc"}]}',
      { text: 'abc' },
    ],
    [
      'the usage chunk',
      'ollama',
      '{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7}}',
      { usage: { promptTokens: 5, completionTokens: 7 } },
    ],
    // No count reported: no usage (a string or a negative number is no count).
    [
      'usage without counts',
      'vllm',
      '{"choices":[],"usage":{"prompt_tokens":"5","completion_tokens":-1}}',
      {},
    ],
    [
      'usage with one count',
      'vllm',
      '{"choices":[],"usage":{"completion_tokens":3}}',
      { usage: { completionTokens: 3 } },
    ],
    ['Triton text', 'triton', '{"text_output":" hi"}', { text: ' hi' }],
    [
      'Triton ignores OpenAI fields',
      'triton',
      '{"choices":[{"text":"x"}]}',
      {},
    ],
  ])('%s', (_name, runtime, data, expected) => {
    expect(streamedPiece(runtime, data)).toEqual(expected);
  });
});

describe('inferenceSnippets', () => {
  const url = 'http://localhost:7007/api/hmas/inference/team-a.chat';

  it('uses OpenAI’s API and client for OpenAI runtimes', () => {
    const { curl, python } = inferenceSnippets({
      url,
      runtime: 'vllm',
      model: 'org/m',
    });
    expect(curl).toContain(`curl ${url}/v1/chat/completions`);
    expect(curl).toContain('Bearer $BACKSTAGE_TOKEN');
    expect(curl).toContain('"model":"org/m"');
    expect(python).toContain('from openai import OpenAI');
    expect(python).toContain(`base_url="${url}/v1"`);
    expect(python).toContain('model="org/m"');
  });

  it('uses KServe generate for Triton, which has no OpenAI API', () => {
    const { curl, python } = inferenceSnippets({
      url,
      runtime: 'triton',
      model: 'ensemble',
    });
    expect(curl).toContain(`curl ${url}/v2/models/ensemble/generate`);
    expect(python).toContain('import requests');
    expect(python).not.toContain('openai');
  });
});
