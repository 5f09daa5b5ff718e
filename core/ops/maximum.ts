import { allocate } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { binaryOp } from './binary';
import { sumToShape } from './kernels';
import { broadcastIndex } from './where';
import { elementwiseStrides } from '../tensor/strides';

/**
 * torch.maximum / torch.minimum: NaN propagates, and otherwise the kernel's
 * std::max(a, b) = a < b ? b : a keeps `a` on a tie (so maximum(-0., 0.) is -0.).
 * derivatives.yaml: self: at::where(self == other, grad / 2, grad).masked_fill_(self < other, 0),
 * and the mirror for other: ties split the gradient in half, NaN sends it to both.
 */
function extremum(kind: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  const pick = kind === 'maximum'
    ? (x: number, y: number) => (x !== x || y !== y ? NaN : x < y ? y : x)
    : (x: number, y: number) => (x !== x || y !== y ? NaN : y < x ? y : x);
  const gradFn = kind === 'maximum' ? 'MaximumBackward0' : 'MinimumBackward0';
  return binaryOp(kind, gradFn, a, b, pick, (ctx) => {
    const sa = ctx.save(a);
    const sb = ctx.save(b);
    return (g, needs) => {
      const av = sa.get();
      const bv = sb.get();
      const ai = broadcastIndex(av.shape, g.shape);
      const bi = broadcastIndex(bv.shape, g.shape);
      const ad = av.data;
      const bd = bv.data;
      const gd = g.data;
      // Which side loses the gradient outright: for maximum, self when self < other.
      const side = (loser: 'a' | 'b'): Tensor => {
        const out = allocate(g.dtype, gd.length);
        for (let i = 0; i < out.length; i++) {
          const x = ad[ai[i]];
          const y = bd[bi[i]];
          const aLoses = kind === 'maximum' ? x < y : x > y;
          const bLoses = kind === 'maximum' ? x > y : x < y;
          out[i] = (loser === 'a' ? aLoses : bLoses) ? 0 : x === y ? gd[i] / 2 : gd[i];
        }
        const t = new Tensor(out, g.shape, g.dtype);
        t.strides = elementwiseStrides([g], g.shape);
        return sumToShape(t, loser === 'a' ? av.shape : bv.shape);
      };
      return [needs[0] ? side('a') : null, needs[1] ? side('b') : null];
    };
  });
}

export function maximum(a: Tensor, b: Tensor): Tensor {
  return extremum('maximum', a, b);
}

export function minimum(a: Tensor, b: Tensor): Tensor {
  return extremum('minimum', a, b);
}
