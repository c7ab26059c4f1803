import { SseDecoder } from './sse';

describe('SseDecoder', () => {
  it.each([
    ['one event', ['data: a\n\n'], ['a']],
    ['two events in one chunk', ['data: a\n\ndata: b\n\n'], ['a', 'b']],
    ['an event split mid-line', ['da', 'ta: hel', 'lo\n', '\n'], ['hello']],
    ['multi-line data joined by newlines', ['data: a\ndata: b\n\n'], ['a\nb']],
    ['CRLF line ends', ['data: a\r\n\r\ndata: b\r\n\r\n'], ['a', 'b']],
    ['CRLF split between chunks', ['data: a\r', '\n\r\n'], ['a']],
    // The last \r may be the first half of \r\n: the event completes with the next text.
    ['lone CR line ends', ['data: a\r\rdata: b\r\r', ': next'], ['a', 'b']],
    ['a trailing lone CR waits for what follows', ['data: a\r\r'], []],
    [
      'comments and other fields ignored',
      [': ping\nevent: x\nid: 1\ndata: a\n\n'],
      ['a'],
    ],
    ['no space after the colon', ['data:a\n\n'], ['a']],
    ['only the first space is removed', ['data:  a\n\n'], [' a']],
    ['a field without colon is an empty value', ['data\n\n'], ['']],
    ['an event without data is not returned', ['event: x\n\n'], []],
    ['an unfinished event waits', ['data: a\n'], []],
  ])('%s', (_name, chunks, expected) => {
    const decoder = new SseDecoder();
    expect(chunks.flatMap(c => decoder.push(c))).toEqual(expected);
  });

  it('drops an unfinished event at the end', () => {
    const decoder = new SseDecoder();
    decoder.push('data: a\n');
    decoder.end();
    expect(decoder.push('\n')).toEqual([]);
  });
});
