import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function loadFixture<T>(name: string): T {
  const path = fileURLToPath(new URL(`../oracle/fixtures/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Fixtures write non-finite floats as strings (JSON has no NaN). */
export function decodeNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  throw new Error(`bad encoded number ${v}`);
}
