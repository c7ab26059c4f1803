import {
  clusterLabelsPatchSchema,
  labelKeyError,
  labelRowErrors,
  labelValueError,
} from './labels';
import { formatZodError } from '../errors';

describe('labelKeyError', () => {
  it.each([
    'gpu-tier',
    'a',
    'A.b_c-9',
    'h-mas.io/gpu-tier',
    'kubernetes.io/hostname',
    `${'a'.repeat(253)}/x`,
    'x'.repeat(63),
  ])('accepts %s', key => {
    expect(labelKeyError(key)).toBeUndefined();
  });

  it.each([
    ['', 'Key must not be empty'],
    ['/gpu', 'Key prefix must not be empty'],
    ['h-mas.io/', 'Key name must not be empty'],
    [`${'a'.repeat(254)}/x`, 'Key prefix must be at most 253 characters'],
    ['H-MAS.io/x', 'Key prefix must be a DNS subdomain'],
    ['-bad.io/x', 'Key prefix must be a DNS subdomain'],
    ['x'.repeat(64), 'Key name must be at most 63 characters'],
    ['-gpu', 'Key name must consist of'],
    ['gpu-', 'Key name must consist of'],
    ['gpu tier', 'Key name must consist of'],
    ['a/b/c', 'Key name must consist of'],
    ['gpü', 'Key name must consist of'],
  ])('rejects %j: %s', (key, message) => {
    expect(labelKeyError(key)).toContain(message);
  });
});

describe('labelValueError', () => {
  it.each(['', 'h100', 'A100_80GB', 'v1.2-3', 'x'.repeat(63)])(
    'accepts %j',
    value => {
      expect(labelValueError(value)).toBeUndefined();
    },
  );

  it.each([
    ['x'.repeat(64), 'at most 63'],
    ['-h100', 'must consist of'],
    ['h100.', 'must consist of'],
    ['a/b', 'must consist of'],
    ['two words', 'must consist of'],
  ])('rejects %j', (value, message) => {
    expect(labelValueError(value)).toContain(message);
  });
});

describe('clusterLabelsPatchSchema', () => {
  it('defaults set and remove', () => {
    expect(
      clusterLabelsPatchSchema.parse({ set: { 'gpu-tier': 'general' } }),
    ).toEqual({ set: { 'gpu-tier': 'general' }, remove: [] });
  });

  it.each([
    [{}, 'Nothing to change'],
    [{ set: { 'bad key': 'x' } }, 'set.bad key: Key name must consist of'],
    [{ set: { ok: '-x' } }, 'set.ok: Value must consist of'],
    [{ remove: [''] }, 'remove.0: Key must not be empty'],
    [
      { set: { a: '1' }, remove: ['a'] },
      'remove: Label a is both set and removed',
    ],
    [{ set: { a: '1' }, resourceVersion: '' }, 'resourceVersion'],
    [
      { set: { a: '1' }, labels: {} },
      "Unrecognized key(s) in object: 'labels'",
    ],
  ])('rejects %j naming the field', (input, message) => {
    const result = clusterLabelsPatchSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error && formatZodError(result.error)).toContain(message);
  });
});

describe('labelRowErrors', () => {
  it('accepts valid rows', () => {
    expect(
      labelRowErrors([
        { key: 'gpu-tier', value: 'general' },
        { key: 'empty-value', value: '' },
      ]),
    ).toEqual({});
  });

  it('reports empty, duplicate and invalid keys and invalid values per row', () => {
    expect(
      labelRowErrors([
        { key: 'gpu-tier', value: 'general' },
        { key: '', value: 'x' },
        { key: 'gpu-tier', value: 'high' },
        { key: 'bad key', value: 'ok' },
        { key: 'ok', value: 'bad value' },
      ]),
    ).toEqual({
      1: { key: 'Key is required' },
      2: { key: 'Duplicate key (also in row 1)' },
      3: { key: expect.stringContaining('Key name must consist of') },
      4: { value: expect.stringContaining('Value must consist of') },
    });
  });
});
