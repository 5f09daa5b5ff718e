/**
 * torch.linspace and float torch.arange against real PyTorch
 * (tests/oracle/fixtures/linspace.json, from gen_linspace.py): every value
 * bit for bit, in float32 and float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';

interface Case { op: 'linspace' | 'arange'; args: [number, number, number]; dtype: 'float32' | 'float64'; data: number[] }

const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/linspace.json', import.meta.url), 'utf8')) as { cases: Case[] };

function build(c: Case): T.Tensor {
  const [a, b, n] = c.args;
  if (c.op === 'linspace') return T.linspace(a, b, n, { dtype: c.dtype });
  const float = (v: number) => new T.Scalar(v, 'float');
  return T.arange(float(a), float(b), float(n), { dtype: c.dtype });
}

describe('range factories are bit-exact with PyTorch', () => {
  for (const c of fixture.cases) {
    it(`${c.op}(${c.args.join(', ')}) ${c.dtype}`, () => {
      const t = build(c);
      expect(t.dtype).toBe(c.dtype);
      expect(Array.from(t.data)).toEqual(c.data);
    });
  }
});
