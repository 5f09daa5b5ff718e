/**
 * Numbers the UI computes itself (local derivatives, chart readouts) written
 * the way PyTorch prints a float tensor: `2.` for whole numbers, 4 decimals,
 * scientific notation when the magnitudes span too much (torch/_tensor_str.py).
 */

function sci(n: number): string {
  const [mantissa, exp] = n.toExponential(4).split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

export function formatFloats(values: readonly number[]): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  if (finite.every((v) => Number.isInteger(v))) {
    const ints = finite.map(Math.abs);
    const max = ints.length ? Math.max(...ints) : 0;
    if (max <= 1e8) return values.map((v) => special(v) ?? `${v.toFixed(0)}.`);
    return values.map((v) => special(v) ?? sci(v));
  }
  const abs = finite.map(Math.abs).filter((v) => v > 0);
  const max = abs.length ? Math.max(...abs) : 0;
  const min = abs.length ? Math.min(...abs) : 0;
  const useSci = max / min > 1000 || max > 1e8 || min < 1e-4;
  return values.map((v) => special(v) ?? (useSci ? sci(v) : v.toFixed(4)));
}

/** What PyTorch prints for a 1-D float32 tensor of these values (short ones: no line wrapping). */
export function tensorText(values: readonly number[]): string {
  const parts = formatFloats(values);
  // As in PyTorch, the column width comes from the finite values; nan and inf are not counted.
  const width = Math.max(0, ...parts.filter((_, i) => Number.isFinite(values[i])).map((p) => p.length));
  return `tensor([${parts.map((p) => p.padStart(width)).join(', ')}])`;
}

/** One number as PyTorch would print it alone. */
export function formatFloat(v: number): string {
  return formatFloats([v])[0];
}
