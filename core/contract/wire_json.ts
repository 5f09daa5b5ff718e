/**
 * JSON for the HTTP transport that keeps NaN and ±Infinity. Plain JSON turns
 * them into null, and a diverging training loop or `log(0)` produces them; the
 * UI must show `nan`, not a hole. A non-finite number travels as
 * `{"$float": "NaN" | "Infinity" | "-Infinity"}`. (Electron IPC uses
 * structured clone, which keeps them natively.)
 */

const TAG = '$float';

export function encodeWireJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
}

export function decodeWireJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG) {
        const tag = (v as Record<string, unknown>)[TAG];
        if (tag === 'NaN') return NaN;
        if (tag === 'Infinity') return Infinity;
        if (tag === '-Infinity') return -Infinity;
      }
    }
    return v;
  });
}
