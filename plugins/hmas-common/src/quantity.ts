import { z } from 'zod';

const SUFFIXES: Record<string, number> = {
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
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY_RE =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/**
 * Parses a Kubernetes resource quantity (`500m`, `2`, `16Gi`, `1.5e3`) into a number of base
 * units (cores, bytes, devices); `undefined` when it is not a quantity.
 *
 * @public
 */
export function parseQuantity(
  quantity: string | number | undefined,
): number | undefined {
  if (quantity === undefined) return undefined;
  if (typeof quantity === 'number') return quantity;
  const match = QUANTITY_RE.exec(quantity.trim());
  if (!match) return undefined;
  return Number(match[1]) * SUFFIXES[match[2] ?? ''];
}

/**
 * Whether a string is a valid Kubernetes resource quantity.
 *
 * @public
 */
export function isQuantity(quantity: string): boolean {
  return parseQuantity(quantity) !== undefined;
}

function round(value: number): string {
  return value >= 100 ? value.toFixed(0) : String(Math.round(value * 10) / 10);
}

/**
 * Formats CPU cores for people: `0.5`, `12`, `100.5` → `0.5 cores`, `12 cores`, `101 cores`.
 *
 * @public
 */
export function formatCpu(quantity: string | undefined): string {
  const cores = parseQuantity(quantity) ?? 0;
  return `${round(cores)} ${cores === 1 ? 'core' : 'cores'}`;
}

/**
 * Formats bytes for people in binary units: `512Mi` → `512 MiB`, `2Ti` → `2 TiB`.
 *
 * @public
 */
export function formatBytes(quantity: string | undefined): string {
  let value = parseQuantity(quantity) ?? 0;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${round(value)} ${units[unit]}`;
}

/**
 * A positive Kubernetes quantity (`4`, `500m`, `16Gi`), for resource requests and sizes.
 *
 * @public
 */
export const positiveQuantitySchema = z.string().refine(
  q => {
    const value = parseQuantity(q);
    return value !== undefined && value > 0;
  },
  { message: 'Must be a positive Kubernetes quantity such as 4, 500m or 16Gi' },
);
