// Guards for JSON that comes from outside (import files, the renderer): a
// bounded nesting depth, no `__proto__` keys (harmless in JSON.parse output
// but a classic prototype-pollution vector once merged into other objects),
// and a size measured in UTF-8 bytes of its serialization.

import { LIMITS } from './limits';

/** JSON path in the style `experiments[3].revisions[0].script`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(top level)';
}

/**
 * Problems that make a parsed JSON value unsafe to process, each with the path
 * where it was found. Iterative, so a deeply nested hostile value cannot blow
 * the stack here.
 */
export function findUnsafeJson(value: unknown, basePath: readonly PropertyKey[] = [], maxDepth: number = LIMITS.jsonDepth): string[] {
  const problems: string[] = [];
  const stack: Array<{ v: unknown; path: PropertyKey[] }> = [{ v: value, path: [...basePath] }];
  while (stack.length > 0 && problems.length < 20) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length - basePath.length >= maxDepth) {
      problems.push(`${formatPath(path)}: nested deeper than ${maxDepth} levels`);
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === 'object') stack.push({ v: item, path: [...path, i] });
      });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (key === '__proto__') {
        problems.push(`${formatPath([...path, key])}: "__proto__" keys are not allowed`);
        continue;
      }
      const child = (v as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push({ v: child, path: [...path, key] });
    }
  }
  return problems;
}

/** JSON.stringify that reports cycles, BigInts and non-JSON values as a message instead of throwing. */
export function serializeJson(value: unknown): { ok: true; text: string } | { ok: false; error: string } {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return { ok: false, error: 'is not a JSON value' };
    return { ok: true, text };
  } catch (e) {
    return { ok: false, error: `cannot be serialized as JSON (${(e as Error).message})` };
  }
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
