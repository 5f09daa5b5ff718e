import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import type { Tensor } from '../../core/index';
import { gradcheck, leaf, spread } from './gradcheck';

// One line per op, tinygrad style: shapes, the op, and the input range that avoids kinks and poles.
const cases: [string, number[][], (...xs: Tensor[]) => Tensor, [number, number]?][] = [
  ['add', [[2, 3], [2, 3]], (a, b) => T.add(a, b)],
  ['add broadcast (2,3)+(3)', [[2, 3], [3]], (a, b) => T.add(a, b)],
  ['add broadcast (2,1)+(1,3)', [[2, 1], [1, 3]], (a, b) => T.add(a, b)],
  ['add broadcast (4,1,3)+(2,3)', [[4, 1, 3], [2, 3]], (a, b) => T.add(a, b)],
  ['add 0-d + vector', [[], [4]], (a, b) => T.add(a, b)],
  ['add scalar', [[5]], (a) => T.add(a, 2.5)],
  ['sub', [[2, 3], [3]], (a, b) => T.sub(a, b)],
  ['add alpha', [[2, 3], [3]], (a, b) => T.add(a, b, 0.3)],
  ['sub alpha', [[2, 3], [3]], (a, b) => T.sub(a, b, -1.7)],
  ['rsub', [[5]], (a) => T.rsub(a, 5)],
  ['mul', [[2, 3], [2, 1]], (a, b) => T.mul(a, b)],
  ['mul self', [[4]], (a) => T.mul(a, a)],
  ['div', [[2, 3], [3]], (a, b) => T.div(a, b), [0.5, 2]],
  ['div scalar numerator', [[4]], (a) => T.mul(T.pow(a, -1), 2), [0.5, 2]],
  ['neg', [[3, 2]], (a) => T.neg(a)],
  ['pow scalar', [[5]], (a) => T.pow(a, 3)],
  ['pow half', [[5]], (a) => T.pow(a, 0.5), [0.5, 2]],
  ['pow zero', [[5]], (a) => T.pow(a, 0)],
  ['pow tensor^tensor', [[2, 3], [3]], (a, b) => T.pow(a, b), [0.5, 2]],
  ['pow scalar^tensor', [[5]], (a) => T.pow(2, a)],
  ['exp', [[2, 2]], (a) => T.exp(a)],
  ['log', [[5]], (a) => T.log(a), [0.5, 3]],
  ['sqrt', [[5]], (a) => T.sqrt(a), [0.5, 3]],
  ['abs', [[6]], (a) => T.abs(a), [0.2, 1]],
  ['abs negative', [[6]], (a) => T.abs(a), [-1, -0.2]],
  ['sin', [[5]], (a) => T.sin(a)],
  ['cos', [[5]], (a) => T.cos(a)],
  ['tanh', [[5]], (a) => T.tanh(a)],
  ['sigmoid', [[5]], (a) => T.sigmoid(a), [-4, 4]],
  ['relu positive', [[5]], (a) => T.relu(a), [0.1, 2]],
  ['relu negative', [[5]], (a) => T.relu(a), [-2, -0.1]],
  ['mm', [[3, 2], [2, 4]], (a, b) => T.mm(a, b)],
  ['matmul mv', [[3, 2], [2]], (a, b) => T.matmul(a, b)],
  ['matmul dot', [[4], [4]], (a, b) => T.matmul(a, b)],
  ['matmul vec@mat', [[3], [3, 2]], (a, b) => T.matmul(a, b)],
  ['matmul batch@mat', [[2, 3, 4], [4, 2]], (a, b) => T.matmul(a, b)],
  ['bmm', [[2, 3, 4], [2, 4, 2]], (a, b) => T.bmm(a, b)],
  ['matmul 3-d@3-d', [[2, 3, 4], [2, 4, 2]], (a, b) => T.matmul(a, b)],
  ['matmul batch broadcast 4-d@3-d', [[2, 1, 3, 4], [3, 4, 2]], (a, b) => T.matmul(a, b)],
  ['t', [[2, 3]], (a) => T.mul(T.t(a), T.t(a))],
  ['transpose 3-d', [[2, 3, 4]], (a) => T.mul(T.transpose(a, 0, 2), 3)],
  ['.T', [[2, 3]], (a) => T.exp(T.reversedDims(a))],
  ['view', [[2, 3]], (a) => T.mul(T.view(a, [3, 2]), T.view(a, [3, 2]))],
  ['reshape -1', [[2, 3]], (a) => T.exp(T.reshape(a, [-1]))],
  ['reshape of a transpose (clone + unsafe view)', [[2, 3]], (a) => T.exp(T.reshape(T.t(a), [6]))],
  ['contiguous of a transpose', [[2, 3]], (a) => T.mul(T.contiguous(T.t(a)), T.t(a))],
  ['flatten of a permute', [[2, 3, 2]], (a) => T.exp(T.flatten(T.permute(a, [2, 0, 1])))],
  ['unsqueeze', [[3]], (a) => T.mul(T.unsqueeze(a, 0), T.unsqueeze(a, 1))],
  ['squeeze', [[1, 3, 1]], (a) => T.exp(T.squeeze(a))],
  ['squeeze dim', [[1, 3]], (a) => T.exp(T.squeeze(a, 0))],
  ['clone', [[4]], (a) => T.mul(T.clone(a), a)],
  ['sum', [[2, 3]], (a) => T.sum(T.mul(a, a))],
  ['sum dim', [[2, 3]], (a) => T.sum(T.exp(a), 1)],
  ['sum dim keepdim', [[2, 3, 2]], (a) => T.mul(T.sum(a, [0, 2], true), a)],
  ['sum negative dim', [[2, 3]], (a) => T.sum(T.exp(a), -2)],
  ['mean', [[2, 3]], (a) => T.mean(T.mul(a, a))],
  ['mean dim', [[2, 3]], (a) => T.mean(T.exp(a), 0)],
  ['max', [[6]], (a) => T.max(T.mul(a, a))],
  ['norm', [[2, 3]], (a) => T.norm(a)],
  ['cat dim 1', [[2, 3], [2, 1]], (a, b) => T.cat([a, T.mul(b, b)], 1)],
  ['stack dim 0', [[3], [3]], (a, b) => T.stack([a, b, a], 0)],
  ['clamp', [[8]], (a) => T.mul(T.clamp(a, -0.7, 0.9), a)],
  ['clamp_min', [[8]], (a) => T.exp(T.clampMin(a, 0.3))],
  ['clamp_max', [[8]], (a) => T.exp(T.clampMax(a, -0.4))],
  ['where broadcast', [[2, 3], [3]], (a, b) => T.mul(T.where(T.compare('gt', a, 0), a, b), a)],
  ['maximum broadcast', [[2, 3], [3]], (a, b) => T.mul(T.maximum(a, b), a)],
  ['minimum broadcast', [[2, 1], [3]], (a, b) => T.exp(T.minimum(a, b))],
  ['norm of a transpose', [[3, 2]], (a) => T.norm(T.transpose(a, 0, 1))],
  ['select', [[3, 4]], (a) => T.exp(T.select(a, 0, 1))],
  ['select dim 1', [[3, 4]], (a) => T.exp(T.select(a, 1, -1))],
  ['slice', [[6]], (a) => T.exp(T.slice(a, 0, 1, 5, 2))],
  ['index [:]', [[4]], (a) => T.exp(T.index(a, [{ kind: 'slice', start: null, stop: null, step: null }]))],
  ['index [...] (alias)', [[2, 3]], (a) => T.exp(T.index(a, [{ kind: 'ellipsis' }]))],
  ['index [:, 1]', [[3, 4]], (a) => T.exp(T.index(a, [{ kind: 'slice', start: null, stop: null, step: null }, { kind: 'int', index: 1 }]))],
  ['mse_loss', [[5], [5]], (a, b) => T.mseLoss(a, b)],
  ['mse_loss broadcast target', [[2, 3], [3]], (a, b) => T.mseLoss(a, b)],
  ['mse_loss broadcast input', [[1, 3], [2, 3]], (a, b) => T.mseLoss(a, b, 'sum')],
  ['mse_loss sum', [[2, 3], [2, 3]], (a, b) => T.mseLoss(a, b, 'sum')],
  ['bce_with_logits', [[5], [5]], (a, b) => T.binaryCrossEntropyWithLogits(a, T.sigmoid(b)), [-3, 3]],
  ['bce_with_logits weighted', [[2, 3]], (a) => T.binaryCrossEntropyWithLogits(a, T.full([2, 3], 0.25, { dtype: 'float64' }), T.tensor([1, 2, 0.5], { dtype: 'float64' }), T.tensor([2, 1, 3], { dtype: 'float64' })), [-3, 3]],
  ['softmax last dim', [[3, 9]], (a) => T.softmax(a, -1), [-3, 3]],
  ['log_softmax last dim', [[2, 5]], (a) => T.logSoftmax(a, 1), [-3, 3]],
  ['softmax dim 0', [[4, 3]], (a) => T.softmax(T.mul(a, 1), 0), [-3, 3]],
  ['log_softmax dim 1 of 3', [[2, 3, 2]], (a) => T.logSoftmax(a, 1), [-3, 3]],
  ['cross_entropy mean', [[3, 4]], (a) => T.crossEntropy(a, T.tensor([1, 3, 0], { dtype: 'int64' })), [-3, 3]],
  ['nll_loss none', [[3, 4]], (a) => T.nllLoss(T.exp(a), T.tensor([2, -100, 0], { dtype: 'int64' }), 'none')],
  ['chain', [[4], [4]], (a, b) => T.sum(T.sigmoid(T.mul(T.tanh(a), T.exp(b))))],
];

describe('finite-difference gradient checks (float64)', () => {
  for (const [name, shapes, f, range] of cases) {
    it(name, () => {
      const [lo, hi] = range ?? [-2, 2];
      const inputs = shapes.map((s, k) => leaf(s, spread(lo, hi, k + 1)));
      expect(gradcheck(f, inputs)).toBeLessThan(1e-6);
    });
  }
});

describe('in-place ops and the version counter', () => {
  it('x += y on a non-leaf keeps the chain rule', () => {
    const x = leaf([3], spread(0.5, 2));
    const f = (a: Tensor): Tensor => {
      const y = T.mul(a, 2);
      T.inplace('mul', y, a);
      T.inplace('add', y, 1);
      return y;
    };
    expect(gradcheck(f, [x])).toBeLessThan(1e-6);
  });
});
