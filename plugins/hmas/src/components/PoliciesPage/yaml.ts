import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
} from 'yaml';

// Printed by hand, not with YAML.stringify: that prints `on`, `yes` or `1_000` plain, which
// kubectl (YAML 1.1) reads as a boolean or a number when the text is pasted there. Only
// simple strings stay plain here.
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
 * A YAML text {@link parseYaml} refuses, with the 1-based line of the problem.
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

/** Where a document's aliases went wrong: the first that names no earlier anchor, or the first. */
function aliasOffset(doc: Document): number | undefined {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      first ??= alias.range?.[0];
      if (!alias.resolve(doc)) {
        unresolved = alias.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return unresolved ?? first;
}

/**
 * Reads the YAML text of one object (YAML 1.2, with the `yaml` package) into a plain map.
 * Syntax errors, several documents and a top level that is not a map are refused with a
 * {@link YamlError} naming the line.
 *
 * @internal
 */
export function parseYaml(text: string): Record<string, unknown> {
  const lineCounter = new LineCounter();
  // Errors found at the end of the text (an unclosed quote or list) point past its last line.
  const lastCharacter = Math.max(0, text.trimEnd().length - 1);
  const lineOf = (offset: number | undefined) =>
    lineCounter.linePos(Math.min(offset ?? 0, lastCharacter)).line;
  const [doc, next] = parseAllDocuments(text, {
    lineCounter,
    // The position is reported as a line of our own, not appended to the message.
    prettyErrors: false,
    // Only JSON-compatible values: `!!binary` stays a string rather than becoming bytes.
    resolveKnownTags: false,
  });
  if (!doc) {
    throw new YamlError(1, 'expected a map (the whole object), found nothing');
  }
  const [error] = doc.errors;
  if (error) throw new YamlError(lineOf(error.pos[0]), error.message);
  if (next) {
    throw new YamlError(
      lineOf(next.range[0]),
      'only one YAML document is supported (remove this one or its ---)',
    );
  }
  const contents = doc.contents;
  if (!isMap(contents)) {
    let found = 'a value';
    if (isSeq(contents)) found = 'a list';
    else if (!contents || (isScalar(contents) && contents.value === null)) {
      found = 'nothing';
    }
    throw new YamlError(
      lineOf(contents?.range?.[0] ?? doc.range[0]),
      `expected a map (the whole object), found ${found}`,
    );
  }
  try {
    return doc.toJS() as Record<string, unknown>;
  } catch (e) {
    // Only aliases make toJS throw: one before its anchor, or so many that they would expand
    // into a huge value.
    throw new YamlError(lineOf(aliasOffset(doc)), (e as Error).message);
  }
}
