import {
  fieldSetOf,
  fromFieldsV1,
  keyPath,
  pathString,
  removeAt,
  toFieldsV1,
  valueAt,
} from './fieldSet';

const deployment = {
  metadata: { labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:1',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'A', value: '1' }],
            args: ['a', 'b'],
          },
        ],
        tolerations: [{ key: 'x' }],
      },
    },
  },
};

describe('fieldSetOf and fieldsV1', () => {
  it('encodes keyed lists by key, atomic lists as one field', () => {
    expect(toFieldsV1(fieldSetOf(deployment, true))).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': { 'f:matchLabels': { 'f:app': {} } },
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:args': {},
                'f:env': {
                  'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': {
                    '.': {},
                    'f:containerPort': {},
                  },
                },
              },
            },
            'f:tolerations': {},
          },
        },
      },
    });
  });

  it('treats every list of a custom resource as atomic, finalizers as a set', () => {
    const obj = {
      metadata: { finalizers: ['a', 'b'] },
      spec: { resourceSelectors: [{ kind: 'Deployment' }] },
    };
    expect(toFieldsV1(fieldSetOf(obj, false))).toEqual({
      'f:metadata': { 'f:finalizers': {} },
      'f:spec': { 'f:resourceSelectors': {} },
    });
    expect(toFieldsV1(fieldSetOf(obj, true))).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } },
      'f:spec': { 'f:resourceSelectors': {} },
    });
  });

  it('round-trips through fieldsV1', () => {
    const set = fieldSetOf(deployment, true);
    expect(fromFieldsV1(toFieldsV1(set))).toEqual(set);
  });
});

describe('paths', () => {
  const image = [
    'f:spec',
    'f:template',
    'f:spec',
    'f:containers',
    'k:{"name":"web"}',
    'f:image',
  ];
  it.each([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [image, '.spec.template.spec.containers[name="web"].image'],
    [
      ['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'],
      '.spec.ports[port=80,protocol="TCP"]',
    ],
    [['f:metadata', 'f:finalizers', 'v:"x"'], '.metadata.finalizers[="x"]'],
  ])('prints %j as %s', (path, text) => {
    expect(pathString(path)).toBe(text);
  });

  it('reads and removes values by key', () => {
    expect(valueAt(deployment, image, true)).toEqual({ value: 'web:1' });
    const port = keyPath(
      JSON.stringify([
        'f:spec',
        'f:template',
        'f:spec',
        'f:containers',
        'k:{"name":"web"}',
        'f:ports',
        'k:{"containerPort":80,"protocol":"TCP"}',
      ]),
    );
    expect(valueAt(deployment, port, true)).toEqual({
      value: { containerPort: 80 },
    });
    expect(valueAt(deployment, ['f:spec', 'f:paused'], true)).toBeUndefined();
    const copy = structuredClone(deployment);
    removeAt(copy, port, true);
    expect(copy.spec.template.spec.containers[0].ports).toEqual([]);
    removeAt(copy, ['f:spec', 'f:replicas'], true);
    expect(copy.spec).not.toHaveProperty('replicas');
  });
});
