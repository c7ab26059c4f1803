const PLAIN = /^[A-Za-z_/][A-Za-z0-9 _./:-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    return PLAIN.test(value) &&
      !RESERVED.test(value) &&
      !/(: | #|:$| $)/.test(value)
      ? value
      : JSON.stringify(value);
  }
  return String(value);
}

function isContainer(value: unknown): value is object {
  return (
    typeof value === 'object' && value !== null && Object.keys(value).length > 0
  );
}

function emptyOf(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (typeof value === 'object' && value !== null && !isContainer(value)) {
    return '{}';
  }
  return undefined;
}

function lines(value: unknown, indent: string): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isContainer(item)) {
        const nested = lines(item, `${indent}  `);
        out.push(`${indent}- ${nested[0].trimStart()}`, ...nested.slice(1));
      } else {
        out.push(`${indent}- ${emptyOf(item) ?? scalar(item)}`);
      }
    }
    return out;
  }
  for (const [key, item] of Object.entries(value as object)) {
    const k = scalar(key);
    if (isContainer(item)) {
      out.push(`${indent}${k}:`);
      out.push(...lines(item, Array.isArray(item) ? indent : `${indent}  `));
    } else {
      out.push(`${indent}${k}: ${emptyOf(item) ?? scalar(item)}`);
    }
  }
  return out;
}

/**
 * A JSON-compatible value as block-style YAML (the views and the YAML editor of Karmada
 * objects; {@link parseYaml} reads it back). Strings that YAML could read as something else
 * are double-quoted.
 *
 * @internal
 */
export function toYaml(value: unknown): string {
  if (!isContainer(value)) return `${emptyOf(value) ?? scalar(value)}\n`;
  return `${lines(value, '').join('\n')}\n`;
}

/**
 * A YAML text {@link parseYaml} cannot read, with the 1-based line it stopped at.
 *
 * @internal
 */
export class YamlError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(`Line ${line}: ${message}`);
    this.name = 'YamlError';
    this.line = line;
  }
}

interface Line {
  no: number;
  indent: number;
  /** The content after the indentation, without a trailing comment. */
  text: string;
}

const BLOCK_HEADER = /^([|>])([1-9][+-]?|[+-][1-9]?)?$/;
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

const isSequenceItem = (text: string) => text === '-' || text.startsWith('- ');

/** Cuts a `#` comment (at the start or after a blank, outside quotes). */
function stripComment(raw: string): string {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    const prev = i === 0 ? ' ' : raw[i - 1];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && /[\s[{,:-]/.test(prev)) {
      quote = c;
    } else if (c === '#' && /\s/.test(prev)) {
      return raw.slice(0, i).trimEnd();
    }
  }
  return raw.trimEnd();
}

/** YAML 1.2 core schema: what an unquoted scalar means. */
function plainValue(text: string): unknown {
  if (/^(~|null|Null|NULL)?$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) {
    return Number(text);
  }
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

/** Reads a quoted scalar starting at `start`; returns its value and the index after it. */
function readQuoted(
  text: string,
  start: number,
  no: number,
): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c !== "'") value += c;
      else if (text[i + 1] === "'") {
        value += "'";
        i++;
      } else return { value, end: i + 1 };
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else if (c !== '\\') {
      value += c;
    } else {
      const e = text[++i];
      if (e in HEX_ESCAPES) {
        const hex = text.slice(i + 1, i + 1 + HEX_ESCAPES[e]);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_ESCAPES[e]) {
          throw new YamlError(no, `invalid escape \\${e}${hex}`);
        }
        value += String.fromCodePoint(parseInt(hex, 16));
        i += hex.length;
      } else if (e !== undefined && e in ESCAPES) {
        value += ESCAPES[e];
      } else {
        throw new YamlError(no, `invalid escape \\${e ?? ''}`);
      }
    }
  }
  throw new YamlError(
    no,
    `the ${
      quote === '"' ? 'double' : 'single'
    }-quoted string does not end on this line`,
  );
}

/** A `[...]` or `{...}` collection written on one line. */
class FlowReader {
  private i = 0;

  constructor(private readonly text: string, private readonly no: number) {}

  read(): unknown {
    const value = this.value();
    this.blanks();
    if (this.i < this.text.length) this.fail('unexpected text after the value');
    return value;
  }

  private fail(message: string): never {
    throw new YamlError(this.no, message);
  }

  private blanks() {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private value(): unknown {
    this.blanks();
    const c = this.text[this.i];
    if (c === '[') return this.sequence();
    if (c === '{') return this.mapping();
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(this.text, this.i, this.no);
      this.i = end;
      return value;
    }
    return plainValue(this.plain(false));
  }

  private plain(key: boolean): string {
    const start = this.i;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (',[]{}'.includes(c)) break;
      if (c === ':' && (key || /[\s,\]}]/.test(this.text[this.i + 1] ?? ' '))) {
        break;
      }
      this.i++;
    }
    const text = this.text.slice(start, this.i).trim();
    if (/^[&*!|>@`]/.test(text)) this.fail(`unsupported value ${text}`);
    return text;
  }

  private sequence(): unknown[] {
    this.i++;
    const items: unknown[] = [];
    for (;;) {
      this.blanks();
      if (this.text[this.i] === ']') {
        this.i++;
        return items;
      }
      items.push(this.value());
      this.blanks();
      const c = this.text[this.i++];
      if (c === ']') return items;
      if (c !== ',') this.fail('a [ ] list must end on the same line');
    }
  }

  private mapping(): Record<string, unknown> {
    this.i++;
    const map: Record<string, unknown> = {};
    for (;;) {
      this.blanks();
      if (this.text[this.i] === '}') {
        this.i++;
        return map;
      }
      let key: string;
      const c = this.text[this.i];
      if (c === '"' || c === "'") {
        const quoted = readQuoted(this.text, this.i, this.no);
        key = quoted.value;
        this.i = quoted.end;
        this.blanks();
      } else {
        key = this.plain(true);
      }
      let value: unknown = null;
      if (this.text[this.i] === ':') {
        this.i++;
        this.blanks();
        if (!',}'.includes(this.text[this.i] ?? '')) value = this.value();
      }
      setKey(map, key, value, this.no);
      this.blanks();
      const end = this.text[this.i++];
      if (end === '}') return map;
      if (end !== ',') this.fail('a { } map must end on the same line');
    }
  }
}

function setKey(
  map: Record<string, unknown>,
  key: string,
  value: unknown,
  no: number,
) {
  if (Object.prototype.hasOwnProperty.call(map, key)) {
    throw new YamlError(no, `duplicate key ${key}`);
  }
  // defineProperty, so that a key named __proto__ stays a plain key.
  Object.defineProperty(map, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A value written after `key:` or `- ` on the same line. */
function inlineValue(text: string, no: number): unknown {
  const c = text[0];
  if (c === '"' || c === "'") {
    const { value, end } = readQuoted(text, 0, no);
    if (text.slice(end).trim() !== '') {
      throw new YamlError(no, 'unexpected text after the quoted string');
    }
    return value;
  }
  if (c === '[' || c === '{') return new FlowReader(text, no).read();
  if ('&*!'.includes(c)) {
    throw new YamlError(no, 'anchors, aliases and tags are not supported');
  }
  if ('|>'.includes(c)) {
    throw new YamlError(no, 'a | or > block is only supported as a value');
  }
  if (text === '-' || text.startsWith('- ')) {
    throw new YamlError(no, 'a list must start on a line of its own');
  }
  if ('@`%'.includes(c)) {
    throw new YamlError(no, `a plain value cannot start with ${c}`);
  }
  if (/:\s/.test(text)) {
    throw new YamlError(no, 'a plain value cannot contain ": " (quote it)');
  }
  return plainValue(text);
}

class BlockParser {
  private readonly raw: string[];
  private pos = 0;
  /** The rest of a `- ` line, read as a line of its own at the column it starts. */
  private pending?: Line;
  private started = false;

  constructor(text: string) {
    this.raw = text.replace(/\r\n?/g, '\n').split('\n');
  }

  /** The next line with content, not consumed. */
  peek(): Line | undefined {
    if (this.pending) return this.pending;
    while (this.pos < this.raw.length) {
      const raw = this.raw[this.pos];
      const body = stripComment(raw);
      const indent = /^ */.exec(body)![0].length;
      const text = body.slice(indent);
      const no = this.pos + 1;
      if (text === '') {
        this.pos++;
        continue;
      }
      if (text[0] === '\t') {
        throw new YamlError(no, 'indent with spaces, not tabs');
      }
      if (indent === 0 && (text === '---' || text.startsWith('--- '))) {
        if (this.started || text !== '---') {
          throw new YamlError(no, 'only one YAML document is supported');
        }
        this.pos++;
        continue;
      }
      if (indent === 0 && (text === '...' || text.startsWith('%'))) {
        throw new YamlError(no, `${text} is not supported`);
      }
      return { no, indent, text };
    }
    return undefined;
  }

  consume() {
    this.started = true;
    if (this.pending) this.pending = undefined;
    else this.pos++;
  }

  /** A block node whose first line is indented at least `min`. */
  node(min: number): unknown {
    const line = this.peek();
    if (!line || line.indent < min) return null;
    if (isSequenceItem(line.text)) return this.sequence(line.indent);
    if (this.entry(line)) return this.mapping(line.indent);
    this.consume();
    const value = inlineValue(line.text, line.no);
    this.noDeeperLine(min);
    return value;
  }

  private noDeeperLine(min: number) {
    const next = this.peek();
    if (next && next.indent >= min) {
      throw new YamlError(
        next.no,
        'unexpected indentation (a value must fit on one line: quote it or use |)',
      );
    }
  }

  /** The key and the rest of a `key: value` line, or undefined for other lines. */
  private entry(line: Line): { key: string; rest: string } | undefined {
    const { text, no } = line;
    if (text.startsWith('? ') || text === '?') {
      throw new YamlError(no, 'complex keys (?) are not supported');
    }
    if (text[0] === '"' || text[0] === "'") {
      const { value, end } = readQuoted(text, 0, no);
      const after = /^\s*:(\s|$)/.exec(text.slice(end));
      if (!after) return undefined;
      return { key: value, rest: text.slice(end + after[0].length).trim() };
    }
    if (text[0] === '[' || text[0] === '{') return undefined;
    const colon = /:(\s|$)/.exec(text);
    if (!colon) return undefined;
    const key = text.slice(0, colon.index).trim();
    if (/^[&*!]/.test(key)) {
      throw new YamlError(no, 'anchors, aliases and tags are not supported');
    }
    return { key, rest: text.slice(colon.index + 1).trim() };
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      const line = this.peek();
      if (!line || line.indent < indent) return map;
      if (line.indent > indent) {
        throw new YamlError(line.no, 'unexpected indentation');
      }
      const entry = isSequenceItem(line.text) ? undefined : this.entry(line);
      if (!entry) throw new YamlError(line.no, 'expected "key: value"');
      this.consume();
      let value: unknown;
      if (entry.rest === '') {
        const next = this.peek();
        if (next && next.indent > indent) value = this.node(indent + 1);
        else if (next?.indent === indent && isSequenceItem(next.text)) {
          value = this.sequence(indent);
        } else value = null;
      } else if (BLOCK_HEADER.test(entry.rest)) {
        value = this.blockScalar(entry.rest, indent);
      } else {
        value = inlineValue(entry.rest, line.no);
        this.noDeeperLine(indent + 1);
      }
      setKey(map, entry.key, value, line.no);
    }
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const line = this.peek();
      if (!line || line.indent < indent) return items;
      if (line.indent > indent) {
        throw new YamlError(line.no, 'unexpected indentation');
      }
      if (!isSequenceItem(line.text)) return items;
      this.consume();
      const rest = line.text.slice(1);
      const content = rest.trim();
      const column = indent + 1 + (rest.length - rest.trimStart().length);
      if (content === '') {
        const next = this.peek();
        items.push(next && next.indent > indent ? this.node(indent + 1) : null);
      } else if (BLOCK_HEADER.test(content)) {
        items.push(this.blockScalar(content, indent));
      } else {
        this.pending = { no: line.no, indent: column, text: content };
        items.push(this.node(column));
      }
    }
  }

  /** A `|` (literal) or `>` (folded) block: the raw lines indented deeper than `parent`. */
  private blockScalar(header: string, parent: number): string {
    const [, style, flags = ''] = BLOCK_HEADER.exec(header)!;
    const chomp = flags.replace(/[0-9]/g, '');
    const explicit = Number(flags.replace(/[+-]/g, '')) || undefined;
    let indent = explicit !== undefined ? parent + explicit : undefined;
    const content: string[] = [];
    while (this.pos < this.raw.length) {
      const raw = this.raw[this.pos];
      if (raw.trim() === '') {
        content.push('');
        this.pos++;
        continue;
      }
      const own = /^ */.exec(raw)![0].length;
      if (indent === undefined) {
        if (own <= parent) break;
        indent = own;
      }
      if (own < indent) break;
      content.push(raw.slice(indent));
      this.pos++;
    }
    this.started = true;
    let trailing = 0;
    while (content.length > 0 && content[content.length - 1] === '') {
      content.pop();
      trailing++;
    }
    let body = '';
    if (style === '|') {
      body = content.join('\n');
    } else {
      let empties = 0;
      let previousIndented = false;
      content.forEach((l, i) => {
        if (l === '') {
          empties++;
          return;
        }
        const indented = /^\s/.test(l);
        if (i - empties === 0) body += '\n'.repeat(empties);
        else if (indented || previousIndented) {
          body += '\n'.repeat(empties + 1);
        } else body += empties > 0 ? '\n'.repeat(empties) : ' ';
        body += l;
        empties = 0;
        previousIndented = indented;
      });
    }
    if (content.length === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    if (chomp === '-') return body;
    if (chomp === '+') return `${body}\n${'\n'.repeat(trailing)}`;
    return `${body}\n`;
  }
}

/**
 * Reads the block-style YAML people write for Kubernetes objects (and everything
 * {@link toYaml} prints) into JSON-compatible values: block maps and lists, one-line `[ ]`
 * and `{ }`, quoted and plain scalars with the YAML 1.2 core types, `|` and `>` blocks and
 * comments. Anchors, aliases, tags, multi-line plain or quoted scalars and several documents
 * are refused with a {@link YamlError} naming the line, as is anything else it cannot read.
 *
 * @internal
 */
export function parseYaml(text: string): unknown {
  const parser = new BlockParser(text);
  const first = parser.peek();
  if (!first) return null;
  const value = parser.node(first.indent);
  const rest = parser.peek();
  if (rest) {
    throw new YamlError(
      rest.no,
      rest.indent < first.indent
        ? 'less indented than the start of the document'
        : 'unexpected line (check the indentation)',
    );
  }
  return value;
}
