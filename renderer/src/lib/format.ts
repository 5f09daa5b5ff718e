/** Small display helpers. Tensor values themselves are shown as PyTorch's repr, never reformatted here. */

export function formatWhen(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const diff = (Date.now() - date.getTime()) / 1000;
  if (diff < 45) return 'just now';
  if (diff < 3600) return `${Math.round(diff / 60)} min ago`;
  if (diff < 86400) return `${Math.round(diff / 3600)} h ago`;
  return date.toLocaleDateString();
}

export function shapeLabel(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A number as Python's repr(float) would write it (shortest round-trip, `inf`, `nan`). */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  const s = String(n);
  // JS writes 1e-7, Python 1e-07.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}
