import { InferenceTokenUsage, reportedTokens } from '@h-mas/plugin-hmas-common';

/** How much of the end of a reply is kept to find its usage in. */
const TAIL_BYTES = 8 * 1024;

/** The largest JSON reply read whole; of a longer one only the tail is read. */
const WHOLE_JSON_BYTES = 256 * 1024;

/** The `usage` object of OpenAI's replies, in the tail of a JSON reply too long to read. */
const USAGE_OBJECT = /"usage"\s*:\s*(\{[^{}]*\})/g;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads the tokens a model server reports from its reply as the reply passes, without holding
 * any of it back: an OpenAI JSON reply's `usage` (read whole up to 256 KiB; beyond that from
 * its last 8 KiB, where OpenAI-compatible servers put it), or the `usage` of the last SSE
 * event that carries one (OpenAI sends it in the last chunk when the request asked for
 * `stream_options: { include_usage: true }`), from the stream's last 8 KiB. Replies that
 * report none (Triton's generate) give none. What it keeps is never logged.
 *
 * @internal
 */
export class ReplyUsageTap {
  /** The whole JSON reply so far; undefined once it is too long. */
  private head: Buffer[] | undefined = [];
  private headBytes = 0;
  private tail = Buffer.alloc(0);

  constructor(private readonly contentType: string | undefined) {}

  private get sse() {
    return String(this.contentType ?? '').startsWith('text/event-stream');
  }

  private get json() {
    return /^application\/([\w.+-]*\+)?json\b/.test(
      String(this.contentType ?? ''),
    );
  }

  /** Sees one chunk of the reply (after it was written to the caller). */
  push(chunk: Buffer): void {
    if (!this.sse && !this.json) return;
    if (this.json && this.head) {
      this.headBytes += chunk.length;
      if (this.headBytes <= WHOLE_JSON_BYTES) this.head.push(chunk);
      else this.head = undefined;
    }
    const tail = Buffer.concat([this.tail, chunk]);
    // A copy, so that a kept slice does not hold a large chunk in memory.
    this.tail =
      tail.length <= TAIL_BYTES
        ? tail
        : Buffer.from(tail.subarray(tail.length - TAIL_BYTES));
  }

  /** The tokens the reply reported, once it ended. */
  tokens(): InferenceTokenUsage | undefined {
    if (this.sse) {
      // The tail may begin inside an event: that line does not parse and is skipped.
      const lines = this.tail.toString('utf8').split(/\r?\n/);
      for (let i = lines.length - 1; i >= 0; i--) {
        const data = /^data:\s?(.*)$/.exec(lines[i])?.[1];
        if (!data || !data.includes('usage')) continue;
        const found = reportedTokens(
          (parse(data) as { usage?: unknown } | undefined)?.usage,
        );
        if (found) return found;
      }
      return undefined;
    }
    if (!this.json) return undefined;
    if (this.head) {
      return reportedTokens(
        (
          parse(Buffer.concat(this.head).toString('utf8')) as
            | { usage?: unknown }
            | undefined
        )?.usage,
      );
    }
    const matches = [...this.tail.toString('utf8').matchAll(USAGE_OBJECT)];
    return reportedTokens(parse(matches.at(-1)?.[1] ?? ''));
  }
}
