/** One line of a line diff: kept, added or removed, with its line numbers. @internal */
export interface DiffLine {
  type: 'context' | 'add' | 'remove';
  text: string;
  /** 1-based line number in the old text (not for added lines). */
  oldLine?: number;
  /** 1-based line number in the new text (not for removed lines). */
  newLine?: number;
}

/** A run of changes with its context lines, as in a unified diff. @internal */
export interface DiffHunk {
  /** The `@@ -a,b +c,d @@` header. */
  header: string;
  lines: DiffLine[];
}

// Beyond this many cells the LCS table is not worth its memory: the changed middle is
// shown as removed and re-added instead. Policies stay far below it.
const MAX_TABLE_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * Every line of `before` and `after` as kept, removed or added, from a longest common
 * subsequence of lines; in a changed block the removed lines come first.
 *
 * @internal
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  const keep = (text: string) =>
    out.push({ type: 'context', text, oldLine: oldLine++, newLine: newLine++ });
  const remove = (text: string) =>
    out.push({ type: 'remove', text, oldLine: oldLine++ });
  const add = (text: string) =>
    out.push({ type: 'add', text, newLine: newLine++ });

  a.slice(0, start).forEach(keep);
  const n = endA - start;
  const m = endB - start;
  if ((n + 1) * (m + 1) > MAX_TABLE_CELLS) {
    a.slice(start, endA).forEach(remove);
    b.slice(start, endB).forEach(add);
  } else {
    // lcs[i * (m + 1) + j]: length of the LCS of a[start + i..endA] and b[start + j..endB].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[start + i] === b[start + j]
            ? lcs[(i + 1) * width + j + 1] + 1
            : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        keep(a[start + i]);
        i++;
        j++;
      } else if (
        i < n &&
        (j >= m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
      ) {
        remove(a[start + i]);
        i++;
      } else {
        add(b[start + j]);
        j++;
      }
    }
  }
  a.slice(endA).forEach(keep);
  return out;
}

function hunkHeader(lines: DiffLine[], oldBefore: number, newBefore: number) {
  const oldCount = lines.filter(l => l.type !== 'add').length;
  const newCount = lines.filter(l => l.type !== 'remove').length;
  // As in GNU diff: an empty side names the line before it.
  const oldStart = oldCount === 0 ? oldBefore : oldBefore + 1;
  const newStart = newCount === 0 ? newBefore : newBefore + 1;
  return `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`;
}

/**
 * The changes between two texts as unified-diff hunks with `context` unchanged lines around
 * each change; hunks whose context would touch are merged. No hunks when the texts are equal.
 *
 * @internal
 */
export function unifiedDiff(
  before: string,
  after: string,
  context = 3,
): DiffHunk[] {
  const lines = diffLines(before, after);
  const changed = lines
    .map((l, i) => (l.type === 'context' ? -1 : i))
    .filter(i => i >= 0);
  if (changed.length === 0) return [];

  const ranges: Array<[number, number]> = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(lines.length - 1, i + context);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }

  return ranges.map(([from, to]) => {
    const hunk = lines.slice(from, to + 1);
    const preceding = lines.slice(0, from);
    const oldBefore = preceding.filter(l => l.type !== 'add').length;
    const newBefore = preceding.filter(l => l.type !== 'remove').length;
    return { header: hunkHeader(hunk, oldBefore, newBefore), lines: hunk };
  });
}
