import { auditQuerySchema } from './audit';
import { formatZodError } from './errors';

describe('auditQuerySchema', () => {
  it.each([
    [{}, { limit: 100 }],
    [{ limit: '5' }, { limit: 5 }],
    [
      { targetKind: 'cluster', targetName: 'gpu-a' },
      { targetKind: 'cluster', targetName: 'gpu-a', limit: 100 },
    ],
    [{ targetKind: 'deployment' }, { targetKind: 'deployment', limit: 100 }],
  ])('accepts %j', (input, expected) => {
    expect(auditQuerySchema.parse(input)).toEqual(expected);
  });

  it.each([
    [{ limit: '0' }, 'limit: Number must be greater than or equal to 1'],
    [{ limit: '501' }, 'limit: Number must be less than or equal to 500'],
    [{ limit: 'many' }, 'limit: Expected number, received nan'],
    [{ targetKind: 'node' }, 'targetKind: Invalid enum value'],
    [{ targetName: 'x' }, 'targetKind: targetName requires targetKind'],
    [{ target: 'x' }, "Unrecognized key(s) in object: 'target'"],
  ])('rejects %j naming the field', (input, message) => {
    const result = auditQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error && formatZodError(result.error)).toContain(message);
  });
});
