import { ReplyUsageTap } from './replyUsage';

/** The tokens a reply reports, fed to the tap in chunks of `size` bytes. */
function tokensOf(contentType: string | undefined, body: string, size = 7) {
  const tap = new ReplyUsageTap(contentType);
  const bytes = Buffer.from(body);
  for (let i = 0; i < bytes.length; i += size) {
    tap.push(bytes.subarray(i, i + size));
  }
  return tap.tokens();
}

const sse = (...events: unknown[]) =>
  events
    .map(e => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`)
    .join('');

describe('ReplyUsageTap', () => {
  it('reads the usage of a JSON reply', () => {
    expect(
      tokensOf(
        'application/json; charset=utf-8',
        JSON.stringify({
          usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
          choices: [],
        }),
      ),
    ).toEqual({ promptTokens: 3, completionTokens: 5 });
    // Embeddings report prompt tokens only.
    expect(
      tokensOf(
        'application/json',
        JSON.stringify({ data: [], usage: { prompt_tokens: 9 } }),
      ),
    ).toEqual({ promptTokens: 9 });
  });

  it('reads the usage at the end of a JSON reply too long to read whole', () => {
    const body = JSON.stringify({
      data: [{ embedding: Array.from({ length: 60_000 }, (_, i) => i / 7) }],
      usage: { prompt_tokens: 12, total_tokens: 12 },
    });
    expect(body.length).toBeGreaterThan(256 * 1024);
    expect(tokensOf('application/json', body, 16_384)).toEqual({
      promptTokens: 12,
    });
  });

  it('reads the usage chunk of a stream, however the tail begins', () => {
    const tokens = Array.from({ length: 2_000 }, (_, i) => ({
      choices: [{ delta: { content: ` word${i}` } }],
    }));
    const stream = sse(
      ...tokens,
      { choices: [], usage: { prompt_tokens: 4, completion_tokens: 2000 } },
      '[DONE]',
    );
    expect(stream.length).toBeGreaterThan(8 * 1024);
    expect(tokensOf('text/event-stream', stream, 333)).toEqual({
      promptTokens: 4,
      completionTokens: 2000,
    });
  });

  it('gives none when the reply reports none', () => {
    // A stream without include_usage, Triton's generate, an error, a body that is no JSON.
    expect(
      tokensOf(
        'text/event-stream',
        sse({ choices: [{ delta: { content: 'hi' } }] }, '[DONE]'),
      ),
    ).toBeUndefined();
    expect(
      tokensOf(
        'application/json',
        JSON.stringify({ model_name: 'm', text_output: 'a b' }),
      ),
    ).toBeUndefined();
    expect(
      tokensOf('application/json', '{"error":{"message":"usage"}}'),
    ).toBeUndefined();
    expect(tokensOf('application/json', '{"usage": {"prompt_')).toBeUndefined();
    expect(
      tokensOf('text/plain', '{"usage":{"prompt_tokens":1}}'),
    ).toBeUndefined();
    expect(
      tokensOf(
        'application/json',
        '{"usage":{"prompt_tokens":-1,"completion_tokens":"3"}}',
      ),
    ).toBeUndefined();
  });
});
