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
 * A JSON-compatible value as block-style YAML (for read-only views of Karmada objects).
 * Strings that YAML could read as something else are double-quoted.
 *
 * @internal
 */
export function toYaml(value: unknown): string {
  if (!isContainer(value)) return `${emptyOf(value) ?? scalar(value)}\n`;
  return `${lines(value, '').join('\n')}\n`;
}
