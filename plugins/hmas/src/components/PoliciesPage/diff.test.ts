import { diffLines, unifiedDiff } from './diff';

/** A diff as ` kept`, `-removed`, `+added` lines, like `diff -u` prints them. */
const show = (lines: ReturnType<typeof diffLines>) =>
  lines.map(l => `${{ context: ' ', add: '+', remove: '-' }[l.type]}${l.text}`);

const text = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('diffLines', () => {
  it.each([
    {
      name: 'equal texts',
      before: text('a', 'b'),
      after: text('a', 'b'),
      expected: [' a', ' b'],
    },
    { name: 'both empty', before: '', after: '', expected: [] },
    {
      name: 'from empty',
      before: '',
      after: text('a', 'b'),
      expected: ['+a', '+b'],
    },
    { name: 'to empty', before: text('a'), after: '', expected: ['-a'] },
    {
      name: 'one line changed',
      before: text('a', 'b', 'c'),
      after: text('a', 'x', 'c'),
      expected: [' a', '-b', '+x', ' c'],
    },
    {
      name: 'insertion in the middle',
      before: text('a', 'c'),
      after: text('a', 'b', 'c'),
      expected: [' a', '+b', ' c'],
    },
    {
      name: 'deletion at the end',
      before: text('a', 'b', 'c'),
      after: text('a', 'b'),
      expected: [' a', ' b', '-c'],
    },
    {
      name: 'a moved line keeps the longest common part',
      before: text('a', 'b', 'c', 'd'),
      after: text('b', 'c', 'd', 'a'),
      expected: ['-a', ' b', ' c', ' d', '+a'],
    },
    {
      name: 'removed lines come before added ones in a block',
      before: text('k', 'a', 'b', 'k'),
      after: text('k', 'x', 'y', 'k'),
      expected: [' k', '-a', '-b', '+x', '+y', ' k'],
    },
    {
      name: 'repeated lines',
      before: text('x', 'a', 'x', 'b', 'x'),
      after: text('x', 'b', 'x', 'a', 'x'),
      expected: [' x', '-a', '-x', ' b', '+x', '+a', ' x'],
    },
    {
      name: 'no final newline',
      before: 'a\nb',
      after: 'a\nc',
      expected: [' a', '-b', '+c'],
    },
  ])('$name', ({ before, after, expected }) => {
    const lines = diffLines(before, after);
    expect(show(lines)).toEqual(expected);
    // Either side is the kept lines plus its own.
    const side = (type: 'add' | 'remove') =>
      lines.filter(l => l.type !== type).map(l => l.text);
    expect(side('add')).toEqual(
      before ? before.replace(/\n$/, '').split('\n') : [],
    );
    expect(side('remove')).toEqual(
      after ? after.replace(/\n$/, '').split('\n') : [],
    );
  });

  it('numbers the lines of both sides', () => {
    expect(diffLines(text('a', 'b', 'c'), text('a', 'x', 'y', 'c'))).toEqual([
      { type: 'context', text: 'a', oldLine: 1, newLine: 1 },
      { type: 'remove', text: 'b', oldLine: 2 },
      { type: 'add', text: 'x', newLine: 2 },
      { type: 'add', text: 'y', newLine: 3 },
      { type: 'context', text: 'c', oldLine: 3, newLine: 4 },
    ]);
  });
});

describe('unifiedDiff', () => {
  const numbered = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

  it.each([
    {
      name: 'equal texts have no hunks',
      before: text('a'),
      after: text('a'),
      context: 3,
      expected: [],
    },
    {
      name: 'one change with three lines of context',
      before: text(...numbered(1, 10)),
      after: text(...numbered(1, 4), 'five', ...numbered(6, 10)),
      context: 3,
      expected: [
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+five',
        ' line 6',
        ' line 7',
        ' line 8',
      ],
    },
    {
      name: 'distant changes make two hunks',
      before: text(...numbered(1, 20)),
      after: text('one', ...numbered(2, 19), 'twenty'),
      context: 2,
      expected: [
        '@@ -1,3 +1,3 @@',
        '-line 1',
        '+one',
        ' line 2',
        ' line 3',
        '@@ -18,3 +18,3 @@',
        ' line 18',
        ' line 19',
        '-line 20',
        '+twenty',
      ],
    },
    {
      name: 'changes whose context touches share a hunk',
      before: text(...numbered(1, 9)),
      after: text(
        ...numbered(1, 2),
        'three',
        ...numbered(4, 6),
        'seven',
        ...numbered(8, 9),
      ),
      context: 2,
      expected: [
        '@@ -1,9 +1,9 @@',
        ' line 1',
        ' line 2',
        '-line 3',
        '+three',
        ' line 4',
        ' line 5',
        ' line 6',
        '-line 7',
        '+seven',
        ' line 8',
        ' line 9',
      ],
    },
    {
      name: 'an insertion into an empty text names line 0',
      before: '',
      after: text('a'),
      context: 3,
      expected: ['@@ -0,0 +1,1 @@', '+a'],
    },
    {
      name: 'no context',
      before: text('a', 'b', 'c'),
      after: text('a', 'c'),
      context: 0,
      expected: ['@@ -2,1 +1,0 @@', '-b'],
    },
  ])('$name', ({ before, after, context, expected }) => {
    expect(
      unifiedDiff(before, after, context).flatMap(h => [
        h.header,
        ...show(h.lines),
      ]),
    ).toEqual(expected);
  });
});
