/*
 * Kubernetes resource quantities (`resource.Quantity`) as plain numbers, enough for the
 * simulator's capacity arithmetic: `100m` CPU, `64Gi` memory, `8` GPUs, `1e3`.
 */

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

// The grammar of resource.Quantity (the same pattern the CRDs carry).
const QUANTITY_PATTERN =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?(?:\d+(?:\.\d*)?|\.\d+))?$/;

/**
 * Whether a value is a valid Kubernetes quantity (a number or a quantity string).
 * @public
 */
export function isQuantity(value: unknown): value is string | number {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && QUANTITY_PATTERN.test(value.trim());
}

/**
 * Parses a Kubernetes quantity into a number of base units (cores, bytes, devices).
 * Throws on anything that is not a quantity, because a silent 0 would hide a bad seed
 * or a bad request.
 * @public
 */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`invalid quantity ${value}`);
    return value;
  }
  const match = QUANTITY_PATTERN.exec(String(value).trim());
  if (!match) throw new Error(`invalid quantity "${value}"`);
  const base = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix in BINARY_SUFFIXES) return base * BINARY_SUFFIXES[suffix];
  if (suffix in DECIMAL_SUFFIXES) return base * DECIMAL_SUFFIXES[suffix];
  // Exponent form, e.g. 1e3.
  return base * 10 ** Number(suffix.slice(1));
}

/**
 * Formats a number of base units as a quantity string: `BinarySI` picks the largest exact
 * binary suffix (memory), `DecimalSI` writes integers plainly and fractions in milli-units (CPU).
 * @public
 */
export function formatQuantity(
  value: number,
  format: 'BinarySI' | 'DecimalSI' = 'DecimalSI',
): string {
  if (format === 'BinarySI' && Number.isInteger(value) && value !== 0) {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      const unit = BINARY_SUFFIXES[suffix];
      if (value % unit === 0) return `${value / unit}${suffix}`;
    }
    return String(value);
  }
  if (Number.isInteger(value)) return String(value);
  const milli = Math.round(value * 1000);
  if (Math.abs(milli - value * 1000) < 1e-6) return `${milli}m`;
  return String(value);
}

/**
 * Adds up resource lists (`{cpu: '8', memory: '32Gi'}`) key by key, in base units.
 * @public
 */
export function sumResourceLists(
  lists: Array<Record<string, string | number> | undefined>,
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const list of lists) {
    for (const [name, quantity] of Object.entries(list ?? {})) {
      total[name] = (total[name] ?? 0) + parseQuantity(quantity);
    }
  }
  return total;
}
