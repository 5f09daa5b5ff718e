import { describe, expect, it } from 'vitest';
import { glibcCos, glibcLog, glibcSin } from '../../core/random/libm';
import { loadRandomFixture } from './fixture';

const fx = loadRandomFixture();

function fromBits(hex: string): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt('0x' + hex));
  return dv.getFloat64(0);
}

describe('glibc libm ports agree bit for bit with the libm PyTorch calls', () => {
  const fns = { log: glibcLog, sin: glibcSin, cos: glibcCos } as const;
  for (const name of ['log', 'sin', 'cos'] as const) {
    it(name, () => {
      const bad: string[] = [];
      for (const [inp, out] of fx.libm[name]) {
        const x = fromBits(inp);
        const got = fns[name](x);
        if (!Object.is(got, fromBits(out))) bad.push(`${name}(${x}) = ${got}, glibc ${fromBits(out)}`);
      }
      expect(bad.slice(0, 10), `${bad.length} of ${fx.libm[name].length} differ`).toEqual([]);
    });
  }

  it('the ports are not just Math.*: V8 differs from glibc on some of these inputs', () => {
    const differs = fx.libm.log.filter(([i, o]) => Math.log(fromBits(i)) !== fromBits(o)).length;
    expect(differs).toBeGreaterThan(0);
  });
});
