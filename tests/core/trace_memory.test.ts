import { afterEach, describe, expect, it } from 'vitest';
import * as T from '../../core/index';

afterEach(() => T.setTracing(false));

describe('symbolic origins', () => {
  it('a constant is traced one op deep, so a loop does not chain every intermediate', () => {
    T.setTracing(true);
    let x = T.ones([3]);
    const first = T.add(x, 1);
    expect(first.origin?.op).toBe('add');
    x = first;
    for (let i = 0; i < 10; i++) {
      x = T.add(x, 1);
      // At most one recorded op stands between any constant and untraced data.
      const input = x.origin?.inputs[0];
      expect(input instanceof T.Tensor ? input.origin : null).toBeNull();
    }
  });

  it('anything that depends on a tensor requiring grad is traced, however deep', () => {
    T.setTracing(true);
    const w = T.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    let y = T.mul(w, 2);
    for (let i = 0; i < 5; i++) y = T.add(y, 1);
    let depth = 0;
    for (let t: T.Tensor | number | undefined = y; t instanceof T.Tensor && t.origin; t = t.origin.inputs[0]) depth++;
    expect(depth).toBe(6);
  });
});
