import { parseYaml, toYaml, toYamlDocuments, YamlError } from './yaml';

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
  it('prints nested objects and lists in block style, keys in their order, quoting ambiguous strings', () => {
    expect(toYaml(example)).toBe(
      [
        'apiVersion: policy.karmada.io/v1alpha1',
        'metadata:',
        '  name: llama-propagation',
        '  labels: {}',
        'spec:',
        '  resourceSelectors:',
        '    - apiVersion: apps/v1',
        '      kind: Deployment',
        '      name: llama',
        '  placement:',
        '    clusterAffinity:',
        '      clusterNames:',
        '        - gpu-a',
        '        - gpu-b',
        '    replicaScheduling:',
        '      weightPreference:',
        '        dynamicWeight: AvailableReplicas',
        '  failover:',
        '    application:',
        '      decisionConditions:',
        '        tolerationSeconds: 60',
        '  flags:',
        "    - 'true'",
        "    - '1'",
        "    - 'a: b'",
        '    - true',
        '',
      ].join('\n'),
    );
  });

  // What YAML 1.1 readers (kubectl, most Kubernetes tooling) would take for a boolean, a
  // number, null or a date, and so must be quoted to stay a string.
  it.each([
    'yes',
    'no',
    'on',
    'off',
    'On',
    'OFF',
    'y',
    'n',
    'true',
    '~',
    'null',
    '0x1',
    '1e3',
    '0123',
    '007',
    '1_000',
    '0o17',
    '12:30',
    '.inf',
    '-.5',
    '2001-12-14',
    '',
    'a: b',
    '# note',
  ])('quotes %j as a value and as a key', value => {
    expect(toYaml({ [value]: value })).toBe(
      `'${value.replace(/'/g, "''")}': '${value.replace(/'/g, "''")}'\n`,
    );
  });

  it('leaves plain strings plain and prints numbers, booleans and null as such', () => {
    expect(
      toYaml({ a: 'plain text', b: 'gpu-hp-seoul', num: 5, t: true, z: null }),
    ).toBe('a: plain text\nb: gpu-hp-seoul\nnum: 5\nt: true\nz: null\n');
  });

  it('prints a multi-line value as a block literal and reads it back', () => {
    const value = { script: 'line one\nline two\n', long: 'x '.repeat(80) };
    const text = toYaml(value);
    expect(text).toBe(
      `script: |\n  line one\n  line two\nlong: '${'x '.repeat(80)}'\n`,
    );
    expect(parseYaml(text)).toEqual(value);
  });

  it('prints shared objects in full, never as anchors', () => {
    const probe = { httpGet: { path: '/health', port: 'http' } };
    const text = toYaml({ readiness: probe, liveness: probe });
    expect(text).not.toMatch(/[&*]/);
    expect(parseYaml(text)).toEqual({ readiness: probe, liveness: probe });
  });

  it('prints several objects as documents separated by ---', () => {
    expect(toYamlDocuments([{ a: 1 }, { b: 'on' }])).toBe(
      "a: 1\n---\nb: 'on'\n",
    );
  });
});

describe('parseYaml', () => {
  it('reads a policy as plain objects, lists and YAML 1.2 core scalars', () => {
    const text = [
      '# edited by hand',
      '---',
      'apiVersion: policy.karmada.io/v1alpha1',
      'kind: OverridePolicy',
      'metadata: {name: llama, labels: {team: ml}}',
      'spec:',
      '  overrideRules:',
      '  - overriders:',
      '      plaintext:',
      '      - operator: replace',
      "        path: '/spec/template/spec/schedulerName'",
      '        value: volcano # a comment',
      '      annotationsOverrider:',
      '      - {operator: add, value: {note: "on"}}',
      '    targetCluster:',
      '      clusterNames: &seoul [gpu-hp-seoul]',
      '  - targetCluster: {clusterNames: *seoul}',
      '    overriders:',
      '      commandOverrider:',
      '      - containerName: main',
      '        operator: add',
      '        value:',
      '        - --max-model-len=4096',
      '        - |',
      '          two',
      '          lines',
      '  flags: [yes, on, 0o17, 1e3, ~, .inf]',
      '',
    ].join('\n');
    expect(parseYaml(text)).toEqual({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'OverridePolicy',
      metadata: { name: 'llama', labels: { team: 'ml' } },
      spec: {
        overrideRules: [
          {
            overriders: {
              plaintext: [
                {
                  operator: 'replace',
                  path: '/spec/template/spec/schedulerName',
                  value: 'volcano',
                },
              ],
              annotationsOverrider: [
                { operator: 'add', value: { note: 'on' } },
              ],
            },
            targetCluster: { clusterNames: ['gpu-hp-seoul'] },
          },
          {
            targetCluster: { clusterNames: ['gpu-hp-seoul'] },
            overriders: {
              commandOverrider: [
                {
                  containerName: 'main',
                  operator: 'add',
                  value: ['--max-model-len=4096', 'two\nlines\n'],
                },
              ],
            },
          },
        ],
        flags: ['yes', 'on', 15, 1000, null, Infinity],
      },
    });
  });

  it('keeps JSON-compatible values: a !!binary value stays its text', () => {
    expect(parseYaml('data: !!binary aGVsbG8=\n')).toEqual({
      data: 'aGVsbG8=',
    });
  });

  it('keeps a __proto__ key as a plain key', () => {
    const value = parseYaml('__proto__:\n  polluted: true\n');
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as any).polluted).toBeUndefined();
  });

  it.each([
    {
      name: 'a list that is not closed',
      text: 'apiVersion: v1\nkind: [\n',
      line: 2,
      message: /Flow sequence .* end with a \]/,
    },
    {
      name: 'a quote that is not closed',
      text: 'a: 1\nb: "open\n\n',
      line: 2,
      message: /Missing closing "quote/,
    },
    {
      name: 'a duplicate key',
      text: 'a: 1\nb: 2\na: 3\n',
      line: 3,
      message: /Map keys must be unique/,
    },
    {
      name: 'a value with ": "',
      text: 'a: 1\nb: c: d\n',
      line: 2,
      message: /Nested mappings/,
    },
    {
      name: 'tab indentation',
      text: 'a:\n\tb: 1\n',
      line: 2,
      message: /Tabs/,
    },
    {
      name: 'an alias without its anchor',
      text: 'a: &x 1\nb: *x\nc: *y\n',
      line: 3,
      message: /Unresolved alias/,
    },
    {
      name: 'aliases that would expand into a huge value',
      text: [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        '',
      ].join('\n'),
      line: 2,
      message: /resource exhaustion/,
    },
    {
      name: 'a second document',
      text: 'a: 1\n---\nb: 2\n',
      line: 2,
      message: /^only one YAML document is supported/,
    },
    {
      name: 'an empty second document',
      text: '---\na: 1\n---\n',
      line: 3,
      message: /^only one YAML document is supported/,
    },
    {
      name: 'a list instead of a map',
      text: '# the policy\n- a: 1\n',
      line: 2,
      message: /^expected a map \(the whole object\), found a list$/,
    },
    {
      name: 'a single value instead of a map',
      text: 'hello\n',
      line: 1,
      message: /found a value$/,
    },
    {
      name: 'nothing but comments',
      text: '# nothing\n',
      line: 1,
      message: /found nothing$/,
    },
    {
      name: 'an empty document',
      text: '---\n',
      line: 1,
      message: /found nothing$/,
    },
  ])('refuses $name, naming line $line', ({ text, line, message }) => {
    let error: unknown;
    try {
      parseYaml(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(YamlError);
    expect((error as YamlError).line).toBe(line);
    expect((error as YamlError).message).toMatch(new RegExp(`^Line ${line}: `));
    expect((error as YamlError).message.slice(`Line ${line}: `.length)).toMatch(
      message,
    );
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
          'on',
          'Yes',
          '1_000',
          '0o17',
          '0b101',
          '1e3',
          '.inf',
          '~',
          '2026-11-23',
          '*star',
          '&amp',
          '!bang',
          '{b}',
          '[a]',
          '? q',
          '<<',
          'del\x7f',
          'line\u2028separator',
          'emoji 🚀',
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
