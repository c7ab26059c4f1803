import { containsSpec } from './policyAction';

describe('containsSpec', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, true],
    [{ a: 1, priority: 0 }, { a: 1 }, true],
    [{ a: { b: [1, { c: 2, d: 3 }] } }, { a: { b: [1, { c: 2 }] } }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{}, { a: 1 }, false],
    [{ a: [1, 2] }, { a: [1] }, false],
    [{ a: [1] }, { a: [1, 2] }, false],
    [{ a: 'x' }, { a: { b: 1 } }, false],
    [{ a: null }, { a: null }, true],
    [undefined, { a: 1 }, false],
  ])('%j contains %j: %p', (actual, wanted, expected) => {
    expect(containsSpec(actual, wanted)).toBe(expected);
  });
});
