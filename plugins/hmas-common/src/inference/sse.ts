/**
 * A decoder of server-sent events (the `text/event-stream` format of the WHATWG HTML
 * standard) as model servers stream them: text arrives in arbitrary chunks, and each complete
 * event's `data` (its `data:` lines joined with a newline) is returned once its blank line
 * has arrived. Other fields (`event:`, `id:`, `retry:`) and comments are ignored.
 *
 * @public
 */
export class SseDecoder {
  private buffer = '';
  private data: string[] = [];

  /** Adds received text; returns the data of the events it completed, in order. */
  push(text: string): string[] {
    this.buffer += text;
    const events: string[] = [];
    let newline = this.buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      const width =
        this.buffer[newline] === '\r' && this.buffer[newline + 1] === '\n'
          ? 2
          : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (
        width === 1 &&
        this.buffer[newline] === '\r' &&
        newline === this.buffer.length - 1
      ) {
        break;
      }
      this.buffer = this.buffer.slice(newline + width);
      this.line(line, events);
      newline = this.buffer.search(/\r\n|\r|\n/);
    }
    return events;
  }

  /** Ends the stream: an event without its blank line is dropped, as the standard says. */
  end(): void {
    this.buffer = '';
    this.data = [];
  }

  private line(line: string, events: string[]) {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
  }
}
