import {
  formatQuantity,
  isQuantity,
  parseQuantity,
  sumResourceLists,
} from './quantity';

describe('parseQuantity', () => {
  it.each<[string | number, number]>([
    ['1', 1],
    [8, 8],
    ['100m', 0.1],
    ['1500m', 1.5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1Ki', 1024],
    ['64Mi', 64 * 2 ** 20],
    ['32Gi', 32 * 2 ** 30],
    ['2Ti', 2 * 2 ** 40],
    ['1k', 1000],
    ['2M', 2e6],
    ['3G', 3e9],
    ['1T', 1e12],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['500u', 0.0005],
    ['250n', 2.5e-7],
    ['+4', 4],
    ['-2', -2],
  ])('parses %p as %p', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected, 12);
  });

  it.each(['', 'abc', '1.2.3', '10 Gi', '5GB', 'Gi', '1Kii'])(
    'rejects %p',
    input => {
      expect(() => parseQuantity(input)).toThrow(/invalid quantity/);
      expect(isQuantity(input)).toBe(false);
    },
  );
});

describe('formatQuantity', () => {
  it.each<[number, 'BinarySI' | 'DecimalSI', string]>([
    [8, 'DecimalSI', '8'],
    [0.25, 'DecimalSI', '250m'],
    [1.5, 'DecimalSI', '1500m'],
    [32 * 2 ** 30, 'BinarySI', '32Gi'],
    [1536 * 2 ** 20, 'BinarySI', '1536Mi'],
    [2 * 2 ** 40, 'BinarySI', '2Ti'],
    [1000, 'BinarySI', '1000'],
    [0, 'BinarySI', '0'],
  ])('formats %p (%s) as %p', (value, format, expected) => {
    expect(formatQuantity(value, format)).toBe(expected);
    expect(parseQuantity(expected)).toBeCloseTo(value, 9);
  });
});

describe('sumResourceLists', () => {
  it('adds lists key by key in base units', () => {
    expect(
      sumResourceLists([
        { cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': '8' },
        { cpu: 2, memory: '512Mi' },
        undefined,
      ]),
    ).toEqual({ cpu: 2.5, memory: 1.5 * 2 ** 30, 'nvidia.com/gpu': 8 });
  });
});
