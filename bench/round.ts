/** A figure of the report to a fixed number of decimals (reports compare runs, not noise). */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
