import { isMergePatchApplied, mergePatch } from './objects';

describe('isMergePatchApplied', () => {
  const object = {
    metadata: { name: 'chat', resourceVersion: '7', labels: { a: '1' } },
    spec: { replicas: 2, template: { env: [{ name: 'A', value: '1' }] } },
  };

  it.each<[string, unknown, boolean]>([
    ['a value it has', { spec: { replicas: 2 } }, true],
    ['a value it lacks', { spec: { replicas: 3 } }, false],
    [
      'a list equal whole',
      { spec: { template: { env: [{ value: '1', name: 'A' }] } } },
      true,
    ],
    ['a list that differs', { spec: { template: { env: [] } } }, false],
    ['a removal of an absent key', { metadata: { labels: { b: null } } }, true],
    [
      'a removal of a present key',
      { metadata: { labels: { a: null } } },
      false,
    ],
    ['a new key', { spec: { paused: true } }, false],
    ['an object where it has none', { status: { phase: 'x' } }, false],
    ['the precondition only', { metadata: { resourceVersion: '3' } }, true],
    ['nothing', {}, true],
  ])('%s → %p', (_what, patch, expected) => {
    expect(isMergePatchApplied(object, patch)).toBe(expected);
  });

  it('holds for the patch between two objects once it is applied', () => {
    const after = {
      ...object,
      spec: { replicas: 4, template: { env: [] } },
      metadata: { ...object.metadata, labels: {} },
    };
    const patch = mergePatch(object, after);
    expect(isMergePatchApplied(object, patch)).toBe(false);
    expect(isMergePatchApplied(after, patch)).toBe(true);
  });
});
