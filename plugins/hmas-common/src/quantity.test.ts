import { formatBytes, formatCpu, isQuantity, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['0', 0],
    ['1.5', 1.5],
    ['16Gi', 16 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1k', 1000],
    ['1M', 1e6],
    ['1e3', 1000],
    ['.5', 0.5],
    ['100n', 1e-7],
    [7, 7],
  ])('%p → %p', (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n as number, 12);
  });

  it.each(['', 'abc', '1 Gi', '1gi', 'Gi', '1.2.3', '--1'])('rejects %p', q => {
    expect(parseQuantity(q)).toBeUndefined();
    expect(isQuantity(q)).toBe(false);
  });

  it('is undefined for undefined', () => {
    expect(parseQuantity(undefined)).toBeUndefined();
  });
});

describe('formatCpu and formatBytes', () => {
  it.each([
    ['100500m', '101 cores'],
    ['1', '1 core'],
    ['500m', '0.5 cores'],
    [undefined, '0 cores'],
  ])('cpu %p → %p', (q, text) => {
    expect(formatCpu(q)).toBe(text);
  });

  it.each([
    ['2Ti', '2 TiB'],
    ['512Mi', '512 MiB'],
    ['1536Mi', '1.5 GiB'],
    ['100', '100 B'],
    [undefined, '0 B'],
  ])('bytes %p → %p', (q, text) => {
    expect(formatBytes(q)).toBe(text);
  });
});
