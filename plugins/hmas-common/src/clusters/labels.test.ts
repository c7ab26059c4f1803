import { clusterLabelsPatchSchema, labelRowErrors } from './labels';
import { formatZodError } from '../errors';

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
