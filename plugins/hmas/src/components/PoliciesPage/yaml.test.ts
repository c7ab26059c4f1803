import { parseYaml, toYaml, YamlError } from './yaml';

const example = {
  apiVersion: 'policy.karmada.io/v1alpha1',
  metadata: { name: 'llama-propagation', labels: {} },
  spec: {
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
    ],
    placement: {
      clusterAffinity: { clusterNames: ['gpu-a', 'gpu-b'] },
      replicaScheduling: {
        weightPreference: { dynamicWeight: 'AvailableReplicas' },
      },
    },
    failover: {
      application: { decisionConditions: { tolerationSeconds: 60 } },
    },
    flags: ['true', '1', 'a: b', true],
  },
};

describe('toYaml', () => {
  it('prints nested objects and lists in block style, quoting ambiguous strings', () => {
    expect(toYaml(example)).toBe(
      [
        'apiVersion: policy.karmada.io/v1alpha1',
        'metadata:',
        '  name: llama-propagation',
        '  labels: {}',
        'spec:',
        '  resourceSelectors:',
        '  - apiVersion: apps/v1',
        '    kind: Deployment',
        '    name: llama',
        '  placement:',
        '    clusterAffinity:',
        '      clusterNames:',
        '      - gpu-a',
        '      - gpu-b',
        '    replicaScheduling:',
        '      weightPreference:',
        '        dynamicWeight: AvailableReplicas',
        '  failover:',
        '    application:',
        '      decisionConditions:',
        '        tolerationSeconds: 60',
        '  flags:',
        '  - "true"',
        '  - "1"',
        '  - "a: b"',
        '  - true',
        '',
      ].join('\n'),
    );
  });
});

describe('parseYaml', () => {
  it.each([
    { name: 'empty text', text: '', expected: null },
    { name: 'only comments', text: '# nothing\n\n  # here\n', expected: null },
    {
      name: 'block maps and lists, lists at the key’s indentation',
      text: 'a: 1\nb:\n  c: x\nd:\n- 1\n- y\ne:\n  - f: 1\n    g: [a, "b c"]\n  - - 1\n    - 2\n',
      expected: {
        a: 1,
        b: { c: 'x' },
        d: [1, 'y'],
        e: [{ f: 1, g: ['a', 'b c'] }, [1, 2]],
      },
    },
    {
      name: 'YAML 1.2 core scalars',
      text: 'a: ~\nb: null\nc: true\nd: False\ne: -12\nf: 1.5e3\ng: 0x1F\nh: 0o17\ni: yes\nj: 1.2.3\nk: .inf\nl:\nm: 007\n',
      expected: {
        a: null,
        b: null,
        c: true,
        d: false,
        e: -12,
        f: 1500,
        g: 31,
        h: 15,
        i: 'yes',
        j: '1.2.3',
        k: Infinity,
        l: null,
        m: 7,
      },
    },
    {
      name: 'quoted strings, escapes and comments',
      text: [
        'a: "x #not a comment" # a comment',
        "b: 'it''s'",
        'c: "tab\\there\\u00e9\\x41\\n"',
        '"quoted key": 1',
        "'single: key': 2",
        "d: it's plain",
        'e: http://example.com/a#b',
        '',
      ].join('\n'),
      expected: {
        a: 'x #not a comment',
        b: "it's",
        c: 'tab\there\u00e9A\n',
        'quoted key': 1,
        'single: key': 2,
        d: "it's plain",
        e: 'http://example.com/a#b',
      },
    },
    {
      name: 'flow collections',
      text: 'a: []\nb: {}\nc: {x: 1, "y": [true, null], z: }\nd: [ a , b, ]\n',
      expected: {
        a: [],
        b: {},
        c: { x: 1, y: [true, null], z: null },
        d: ['a', 'b'],
      },
    },
    {
      name: 'literal and folded blocks with chomping',
      text: 'a: |\n  one\n    two\n\n  three\nb: |-\n  x\nc: >\n  folded\n  line\n\n  para\nd: |+\n  keep\n\ne: >-\n  x\n  y\nf: end\n',
      expected: {
        a: 'one\n  two\n\nthree\n',
        b: 'x',
        c: 'folded line\npara\n',
        d: 'keep\n\n',
        e: 'x y',
        f: 'end',
      },
    },
    {
      name: 'a document marker and an indented root',
      text: '---\n  a: 1\n  b: 2\n',
      expected: { a: 1, b: 2 },
    },
    {
      name: 'a top-level list',
      text: '- a\n-\n- b: 1\n',
      expected: ['a', null, { b: 1 }],
    },
    {
      name: 'Windows line ends',
      text: 'a: 1\r\nb: 2\r\n',
      expected: { a: 1, b: 2 },
    },
  ])('reads $name', ({ text, expected }) => {
    expect(parseYaml(text)).toEqual(expected);
  });

  it('keeps a __proto__ key as a plain key', () => {
    const value = parseYaml('__proto__:\n  polluted: true\n') as object;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as any).polluted).toBeUndefined();
  });

  it.each([
    { name: 'a bad indentation', text: 'a:\n  b: 1\n   c: 2\n', line: 3 },
    { name: 'a duplicate key', text: 'a: 1\na: 2\n', line: 2 },
    { name: 'an unterminated string', text: 'a: "open\n', line: 1 },
    { name: 'a multi-line plain value', text: 'a: one\n  two\n', line: 2 },
    { name: 'tab indentation', text: 'a:\n\tb: 1\n', line: 2 },
    { name: 'an alias', text: 'a: &x 1\nb: *x\n', line: 1 },
    { name: 'two documents', text: 'a: 1\n---\nb: 2\n', line: 2 },
    { name: 'a plain value with ": "', text: 'a: b: c\n', line: 1 },
    { name: 'an unclosed flow list', text: 'a: [1, 2\n', line: 1 },
    { name: 'a line that is no entry', text: 'a: 1\njust text\n', line: 2 },
    {
      name: 'a list inside a map at its indentation',
      text: 'a: 1\n- b\n',
      line: 2,
    },
    { name: 'a dedent below the root', text: '  a: 1\nb: 2\n', line: 2 },
  ])('names the line of $name', ({ text, line }) => {
    let error: unknown;
    try {
      parseYaml(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(YamlError);
    expect((error as YamlError).line).toBe(line);
    expect((error as YamlError).message).toMatch(new RegExp(`^Line ${line}: `));
  });

  it.each([
    { name: 'the toYaml example', value: example },
    {
      name: 'strings YAML could misread',
      value: {
        list: [
          'true',
          'null',
          '1',
          '1.5',
          '',
          ' lead',
          'trail ',
          'a: b',
          'x #y',
          "it's",
          'say "hi"',
          '-dash',
          'multi\nline',
          'tab\there',
          'ü',
          '@at',
          'a:b',
          'Infinity',
          '0x10',
          'ends:',
        ],
        '': 'empty key',
        'a key: with colon': 1,
      },
    },
    {
      name: 'nested empties and lists of lists',
      value: {
        a: [[1, [2, []]], [], {}],
        b: { c: {}, d: [{}, { e: [] }] },
        f: [null, false, 0, -1.25],
      },
    },
  ])('reads back what toYaml prints: $name', ({ value }) => {
    expect(parseYaml(toYaml(value))).toEqual(value);
  });
});
