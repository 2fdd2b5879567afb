// Exact arithmetic for proration. A prorated amount is price × quantity × remaining / total: with
// floats, 9900 × 16 / 31 is already inexact, and a tie at .5 could round either way depending on how
// the product happened to be grouped. Here every amount is an integer numerator over an integer
// denominator (BigInt), and the only rounding happens once, at the end of each line.

/** n / d with d > 0. */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

export function ratio(n: bigint | number, d: bigint | number = 1n): Ratio {
  const nn = BigInt(n);
  const dd = BigInt(d);
  if (dd === 0n) throw new RangeError('ratio: zero denominator');
  return dd < 0n ? { n: -nn, d: -dd } : { n: nn, d: dd };
}

export function mul(a: Ratio, b: Ratio): Ratio {
  return ratio(a.n * b.n, a.d * b.d);
}

/** Round half away from zero: 2.5 -> 3, -2.5 -> -3, 2.4999 -> 2. Symmetric, so round(-x) = -round(x). */
export function roundHalfAwayFromZero(r: Ratio): bigint {
  const negative = r.n < 0n;
  const abs = negative ? -r.n : r.n;
  const quotient = abs / r.d;
  const remainder = abs % r.d;
  const rounded = 2n * remainder >= r.d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** A BigInt result as a JS number, refusing anything that would lose precision. */
export function toSafeNumber(value: bigint): number | undefined {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : undefined;
}
