/**
 * Orders strings by code unit, like Go's `<` on strings, so ties break the same way
 * Karmada breaks them regardless of the host's locale.
 * @internal
 */
export function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
