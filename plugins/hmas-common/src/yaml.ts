import YAML, {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  ScalarTag,
  visit,
} from 'yaml';

/**
 * The one Kubernetes YAML printer and reader of H-MAS: the render action's GitOps output, the
 * manifest preview, the policy views and editors, and the docs all print with
 * {@link toYaml} / {@link toYamlDocuments}.
 *
 * Printing follows YAML 1.1's scalar rules, which kubectl and most Kubernetes tooling still
 * read by: a string that YAML 1.1 or 1.2 would read as something else (`yes`, `on`, `y`,
 * `~`, `0x1`, `1e3`, `0123`, `0o17`, `1_000`, `12:30`, `2001-12-14`...) is quoted, so it
 * stays a string wherever the text is pasted. Keys keep the order the
 * object has (the builders' order, stable), long strings are never folded, multi-line
 * strings are block literals, and quoting follows the repository's Prettier style (single
 * quotes), so Prettier leaves checked-in output unchanged. No anchors or aliases: shared
 * objects print in full.
 */

const printOptions = { lineWidth: 0, singleQuote: true } as const;

/**
 * YAML 1.2's `0o17` octal, which YAML 1.1 does not know: recognised only so that such a
 * string is quoted too, and YAML 1.2 readers (ours included) keep it a string. It never
 * prints a number.
 */
const yaml12Octal: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+]?0o[0-7]+$/,
  resolve: (text: string) => parseInt(text.replace('0o', ''), 8),
  identify: () => false,
};

/**
 * A JSON-compatible value as one block-style YAML document (no `---`).
 *
 * @public
 */
export function toYaml(value: unknown): string {
  return new YAML.Document(value, {
    version: '1.1',
    customTags: tags => [...tags, yaml12Octal],
    aliasDuplicateObjects: false,
  }).toString(printOptions);
}

/**
 * Several objects as multi-document YAML, separated by `---`, in the order given.
 *
 * @public
 */
export function toYamlDocuments(values: readonly unknown[]): string {
  return values.map(toYaml).join('---\n');
}

/**
 * A YAML text {@link parseYaml} refuses, with the 1-based line of the problem.
 *
 * @public
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
 * @public
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
