import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  nameRuleFor,
  validateLabelSelector,
  validateName,
  validateObjectMeta,
} from './objectMeta';

// Good and bad values from apimachinery v0.31.0 pkg/util/validation/validation_test.go.
const tables: Array<{
  name: string;
  fn: (v: string) => string[];
  good: string[];
  bad: string[];
}> = [
  {
    name: 'IsDNS1123Label',
    fn: isDNS1123Label,
    good: [
      'a',
      'ab',
      'abc',
      'a1',
      'a-1',
      'a--1--2--b',
      '0',
      '01',
      '012',
      '1a',
      '1-a',
      '1--a--b--2',
      'a'.repeat(63),
    ],
    bad: [
      '',
      'A',
      'ABC',
      'aBc',
      'A1',
      'A-1',
      '1-A',
      '-',
      'a-',
      '-a',
      '1-',
      '-1',
      '_',
      'a_',
      '_a',
      'a_b',
      '1_',
      '_1',
      '1_2',
      '.',
      'a.',
      '.a',
      'a.b',
      '1.',
      '.1',
      '1.2',
      ' ',
      'a ',
      ' a',
      'a b',
      '1 ',
      ' 1',
      '1 2',
      'a'.repeat(64),
    ],
  },
  {
    name: 'IsDNS1123Subdomain',
    fn: isDNS1123Subdomain,
    good: [
      'a',
      'ab',
      'a-1',
      'a--1--2--b',
      '0',
      '1-a',
      'a.a',
      'ab.a',
      'a--1--2--b.a',
      'a.1',
      '0.a',
      '1--a--b--2',
      '0.1',
      '1--a--b--2.1',
      'a.b.c.d.e',
      'aa.bb.cc.dd.ee',
      '1.2.3.4.5',
      '11.22.33.44.55',
      'a'.repeat(253),
    ],
    bad: [
      '',
      'A',
      'aBc',
      '1-A',
      '-',
      'a-',
      '-a',
      '_',
      'a_b',
      '.',
      'a.',
      '.a',
      'a..b',
      '1..2',
      ' ',
      'a b',
      'A.a',
      'ab.A',
      '0.A',
      'A.B.C.D.E',
      'a.B.c.d.e',
      'a@b',
      'a,b',
      'a;b',
      'a:b',
      'a%b',
      'a?b',
      'a$b',
      'a'.repeat(254),
    ],
  },
  {
    name: 'IsDNS1035Label',
    fn: isDNS1035Label,
    good: ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)],
    bad: [
      '0',
      '01',
      '1a',
      '1-a',
      '',
      'A',
      'aBc',
      '-',
      'a-',
      '-a',
      'a_b',
      '.',
      'a.b',
      ' ',
      'a b',
      'a'.repeat(64),
    ],
  },
  {
    name: 'IsQualifiedName',
    fn: isQualifiedName,
    good: [
      'simple',
      'now-with-dashes',
      '1-starts-with-num',
      '1234',
      'simple/simple',
      'now-with-dashes/simple',
      'now-with-dashes/now-with-dashes',
      'now.with.dots/simple',
      'now-with.dashes-and.dots/simple',
      '1-num.2-num/3-num',
      '1234/5678',
      '1.2.3.4/5678',
      'Uppercase_Is_OK_123',
      'example.com/Uppercase_Is_OK_123',
      'requests.storage-foo',
      'a'.repeat(63),
      `${'a'.repeat(253)}/${'b'.repeat(63)}`,
    ],
    bad: [
      'nospecialchars%^=@',
      'cantendwithadash-',
      '-cantstartwithadash-',
      'only/one/slash',
      'Example.com/abc',
      'example_com/abc',
      'example.com/',
      '/simple',
      'a'.repeat(64),
      `${'a'.repeat(254)}/abc`,
      'bad key!',
    ],
  },
  {
    name: 'IsValidLabelValue',
    fn: isValidLabelValue,
    good: [
      'simple',
      'now-with-dashes',
      '1-starts-with-num',
      'end-with-num-1',
      '1234',
      'a'.repeat(63),
      '',
    ],
    bad: [
      'nospecialchars%^=@',
      'Tama-nui-te-rā.is.Māori.sun',
      '\\backslashes\\are\\bad',
      '-starts-with-dash',
      'ends-with-dash-',
      '.starts.with.dot',
      'ends.with.dot.',
      'a'.repeat(64),
    ],
  },
  {
    name: 'IsConfigMapKey',
    fn: isConfigMapKey,
    good: [
      'a',
      'good',
      'good-good',
      'still.good',
      'this.is.also.good',
      '.so.is.this',
      'THIS_IS_GOOD',
      'so_is_this_17',
    ],
    bad: ['.', '..', '..bad', 'b*d', 'bad!&bad'],
  },
  {
    name: 'IsEnvVarName',
    fn: isEnvVarName,
    good: ['ABC', 'AbC_123', 'abc', 'a.b.c', 'a-b-c', '_a', '.a'],
    bad: ['1ABC', 'A=BC', 'A BC', '..', '.', '..a'],
  },
  {
    name: 'IsValidPortName',
    fn: isValidPortName,
    good: [
      'telnet',
      're-mail-ck',
      'pop3',
      'a',
      'a-1',
      '1-a',
      'a-1-b-2-c',
      '1-a-2-b-3',
    ],
    bad: [
      'longerthan15characters',
      '',
      'a'.repeat(16),
      '12345',
      '1-2',
      '-begin',
      'end-',
      'two--hyphens',
      'whois++',
    ],
  },
];

describe.each(tables)('$name', ({ fn, good, bad }) => {
  it.each(good.map(v => [v]))('accepts %j', v => {
    expect(fn(v)).toEqual([]);
  });
  it.each(bad.map(v => [v]))('rejects %j', v => {
    expect(fn(v).length).toBeGreaterThan(0);
  });
});

describe('messages', () => {
  it('words a bad subdomain as upstream', () => {
    expect(isDNS1123Subdomain('Bad_Name')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isDNS1123Subdomain('a'.repeat(300))).toEqual([
      'must be no more than 253 characters',
    ]);
  });

  it('words a bad label with the double space upstream has', () => {
    expect(isDNS1123Label('Bad_NS')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('words qualified names and label values', () => {
    expect(isQualifiedName('bad key!')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('Example.com/abc')[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain/,
    );
    expect(isQualifiedName('a/b/c')[0]).toMatch(
      /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/,
    );
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isValidLabelValue('a'.repeat(80))).toEqual([
      'must be no more than 63 characters',
    ]);
  });

  it('checks path segment names', () => {
    expect(isValidPathSegmentName('..')).toEqual(["may not be '..'"]);
    expect(isValidPathSegmentName('a/b%c')).toEqual([
      "may not contain '/'",
      "may not contain '%'",
    ]);
    expect(isValidPathSegmentName('..', true)).toEqual([]);
  });
});

describe('name rules', () => {
  it.each([
    ['', 'Namespace', 'label'],
    ['', 'Service', 'dns1035'],
    ['', 'ConfigMap', 'subdomain'],
    ['apps', 'Deployment', 'subdomain'],
    ['rbac.authorization.k8s.io', 'Role', 'path'],
    ['policy.karmada.io', 'PropagationPolicy', 'subdomain'],
    ['cluster.karmada.io', 'Cluster', 'none'],
  ])('%s %s -> %s', (group, kind, rule) => {
    expect(nameRuleFor(group, kind)).toBe(rule);
  });

  it('masks a trailing dash of a generateName as apimachinery does', () => {
    expect(validateName('subdomain', 'web-', true)).toEqual([]);
    expect(validateName('subdomain', 'web-')).not.toEqual([]);
    expect(validateName('label', '-', true)).not.toEqual([]);
    expect(validateName('subdomain', 'Web-', true)).not.toEqual([]);
  });
});

describe('validateObjectMeta', () => {
  const create = {
    operation: 'CREATE' as const,
    namespaced: true,
    nameRule: 'subdomain' as const,
  };

  it('accepts good metadata', () => {
    expect(
      validateObjectMeta(
        {
          name: 'web.v1',
          namespace: 'ml-serving',
          labels: { 'app.kubernetes.io/name': 'web', empty: '' },
          annotations: { 'Example.COM/Key': 'any value at all!' },
          finalizers: ['karmada.io/binding-controller'],
        },
        create,
      ),
    ).toEqual([]);
  });

  it('reports each bad field with its cause', () => {
    const causes = validateObjectMeta(
      {
        name: 'Bad_Name',
        generateName: 'Bad_',
        namespace: 'Bad_NS',
        labels: { 'bad key!': 'x'.repeat(80) },
        annotations: { 'bad key!': 'v' },
      },
      create,
    );
    expect(causes.map(c => [c.field, c.reason])).toEqual([
      ['metadata.generateName', 'FieldValueInvalid'],
      ['metadata.name', 'FieldValueInvalid'],
      ['metadata.namespace', 'FieldValueInvalid'],
      ['metadata.labels', 'FieldValueInvalid'],
      ['metadata.labels', 'FieldValueInvalid'],
      ['metadata.annotations', 'FieldValueInvalid'],
    ]);
    expect(causes[1].message).toMatch(
      /^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
    expect(causes[4].message).toBe(
      `Invalid value: "${'x'.repeat(80)}": must be no more than 63 characters`,
    );
  });

  it('requires a name, and a namespace where the kind has one', () => {
    expect(validateObjectMeta({}, create)).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'metadata.namespace',
      },
    ]);
  });

  it('limits the annotations to 256 KiB in total', () => {
    const causes = validateObjectMeta(
      { name: 'a', namespace: 'b', annotations: { big: 'x'.repeat(262142) } },
      create,
    );
    expect(causes).toEqual([
      {
        reason: 'FieldValueTooLong',
        message: 'Too long: must have at most 262144 bytes',
        field: 'metadata.annotations',
      },
    ]);
    expect(
      validateObjectMeta(
        { name: 'a', namespace: 'b', annotations: { big: 'x'.repeat(262141) } },
        create,
      ),
    ).toEqual([]);
  });

  it('checks only labels and annotations on update', () => {
    expect(
      validateObjectMeta(
        { name: 'Bad_Name', namespace: 'Bad_NS', labels: { ok: 'fine' } },
        { ...create, operation: 'UPDATE' },
      ),
    ).toEqual([]);
    expect(
      validateObjectMeta(
        { name: 'a', labels: { ok: '-bad' } },
        { ...create, operation: 'UPDATE' },
      ),
    ).toHaveLength(1);
  });
});

describe('validateLabelSelector', () => {
  it('checks operators, values and keys', () => {
    expect(
      validateLabelSelector(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: [] },
            { key: 'tier', operator: 'Exists', values: ['x'] },
            { key: 'tier', operator: 'Near', values: ['x'] },
            { key: 'bad key', operator: 'In', values: ['-x'] },
          ],
        },
        'spec.selector',
      ).map(c => `${c.field}: ${c.message.split(':')[0]}`),
    ).toEqual([
      'spec.selector.matchExpressions[0].values: Required value',
      'spec.selector.matchExpressions[1].values: Forbidden',
      'spec.selector.matchExpressions[2].operator: Invalid value',
      'spec.selector.matchExpressions[3].key: Invalid value',
      'spec.selector.matchExpressions[3].values[0]: Invalid value',
    ]);
  });
});
