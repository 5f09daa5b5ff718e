/** Number formatting shared by the text and LaTeX renderers. */

/** The shortest decimal that reads back as the same float32: 0.1f prints as 0.1, not 0.10000000149011612. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}
