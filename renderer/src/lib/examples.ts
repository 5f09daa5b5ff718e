/**
 * The examples gallery. Builder examples open in the builder; the others are
 * the course's and PyTorch tutorials' scripts as written, and open in Code mode.
 */
import { generate } from '../builder/codegen';
import { defaultBuilder, newTensor, type BuilderState } from '../builder/model';
import { newId } from './ids';
import type { SavedView } from '../state/saved_view';

export interface Example {
  id: string;
  title: string;
  summary: string;
  make(): { script: string; view: SavedView; seed: number | null };
}

function fromBuilder(state: BuilderState, chartLeaf: string | null): ReturnType<Example['make']> {
  return { script: generate(state).code, view: { version: 1, mode: 'builder', chartLeaf, builder: state }, seed: null };
}

function fromCode(script: string, seed: number | null = null): ReturnType<Example['make']> {
  return { script, view: { version: 1, mode: 'code', chartLeaf: null, builder: null }, seed };
}

export const EXAMPLES: Example[] = [
  {
    id: 'seed',
    title: 'x² − 5 and its gradient 2x',
    summary: 'The seed course: a vector loss, backward(gradient=torch.ones(5)), and the check x.grad == 2*x.',
    make: () => {
      const s = defaultBuilder(newId);
      s.tensors[0].expectGrad = '2*x';
      return fromBuilder(s, 'x');
    },
  },
  {
    id: 'detach',
    title: 'detach() shares storage',
    summary: 'b = a.detach() leaves the graph but shares memory with a: changing b changes a.',
    make: () =>
      fromCode(`import torch

torch.manual_seed(0)
a = torch.rand(2, 2, requires_grad=True)
b = a.detach()
print(a)
print(b)
print(b.requires_grad)
print(b.is_leaf, b.grad_fn)
with torch.no_grad():
    b.mul_(2)
print(a)
print(b)
print(a.requires_grad)
`),
  },
  {
    id: 'no_grad',
    title: 'torch.no_grad()',
    summary: 'Inside no_grad, results do not track history: no grad_fn, requires_grad is False.',
    make: () =>
      fromCode(`import torch

c = torch.tensor([1., 2., 3.], requires_grad=True)
with torch.no_grad():
    d = c**2
    print(d.requires_grad)
    print(c**2)
print(d)
e = c**2
print(e.requires_grad)
print(e)
print(e.grad_fn)
print(d.grad_fn)
`),
  },
  {
    id: 'Q',
    title: 'Q = 3a³ − b²',
    summary: "PyTorch's autograd tutorial: two leaves, an external gradient, and the checks 9a² and −2b.",
    make: () =>
      fromBuilder(
        {
          ...defaultBuilder(newId),
          tensors: [
            newTensor(newId(), 'a', { literal: '[2., 3.]', expectGrad: '9*a**2' }),
            newTensor(newId(), 'b', { literal: '[6., 4.]', expectGrad: '-2*b' }),
          ],
          lossName: 'Q',
          loss: '3*a**3 - b**2',
        },
        'a',
      ),
  },
  {
    id: 'vjp',
    title: 'Vector-Jacobian product',
    summary: 'backward(v) with a custom gradient computes vᵀJ: here x.grad = 2·v.',
    make: () =>
      fromBuilder(
        {
          ...defaultBuilder(newId),
          tensors: [newTensor(newId(), 'x', { literal: '[1., 2., 3.]' })],
          lossName: 'y',
          loss: 'x * 2',
          gradient: 'custom',
          gradientLiteral: '[0.1, 1.0, 0.0001]',
        },
        'x',
      ),
  },
  {
    id: 'accumulate',
    title: 'Gradients accumulate',
    summary: 'Calling backward twice adds up .grad until you zero it (the eye(4, 5) tutorial).',
    make: () =>
      fromCode(`import torch

inp = torch.eye(4, 5, requires_grad=True)
out = (inp+1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\\nSecond call\\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\\nCall after zeroing gradients\\n{inp.grad}")
`),
  },
  {
    id: 'descent',
    title: 'Gradient descent loop',
    summary: 'Fit y = 2x + 1 with two parameters, updating them under no_grad; watch the loss fall.',
    make: () =>
      fromCode(`import torch

xs = torch.tensor([0., 1., 2., 3., 4.])
ys = 2 * xs + 1
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.05
for step in range(20):
    pred = w * xs + b
    loss = ((pred - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    print(f"step {step}: loss {loss.item():.4f}")
print(f"w = {w.item():.4f}, b = {b.item():.4f}")
print(w, b)
print(w.is_leaf, b.requires_grad)
`),
  },
  {
    id: 'function',
    title: 'A function and its derivative',
    summary: 'def f(x): one backward gives f\'(x) at every point at once; an if inside a loop prints every few steps.',
    make: () =>
      fromCode(`import torch

def f(x):
    return x ** 3 - 2 * x

x = torch.linspace(-2, 2, 9, requires_grad=True)
y = f(x)
y.sum().backward()
print(y)
print(x.grad)
print(torch.allclose(x.grad, 3 * x.detach() ** 2 - 2))

# Newton's method on f, with the derivative from autograd
t = torch.tensor(2.0, requires_grad=True)
for step in range(6):
    value = f(t)
    value.backward()
    with torch.no_grad():
        t -= value / t.grad
    t.grad = None
    if step % 2 == 1:
        print(step, t.item())
`),
  },
  {
    id: 'optimizer',
    title: 'torch.optim.SGD with momentum',
    summary: 'Fit a line with an optimizer and nn.MSELoss: zero_grad, backward, step, and the loss every 10 steps.',
    make: () =>
      fromCode(`import torch

# Fit y = 3x - 1 with torch.optim.SGD and nn.MSELoss
torch.manual_seed(0)
x = torch.linspace(-1, 1, 20)
y = 3 * x - 1 + 0.1 * torch.randn(20)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
loss_fn = torch.nn.MSELoss()
for step in range(60):
    opt.zero_grad()
    loss = loss_fn(w * x + b, y)
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"step {step:2d}  loss {loss.item():.5f}")
print(loss_fn, loss.grad_fn)
print(w, b)
`),
  },
  {
    id: 'bce',
    title: 'binary_cross_entropy_with_logits',
    summary: 'The PyTorch tutorial: a one-layer network, its loss, and the gradients of w and b.',
    make: () =>
      fromCode(`import torch

torch.manual_seed(0)
x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w)+b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
print(f"Gradient function for z = {z.grad_fn}")
print(f"Gradient function for loss = {loss.grad_fn}")
print(z)
print(loss)
loss.backward()
print(w.grad)
print(b.grad)
with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)
z_det = (torch.matmul(x, w)+b).detach()
print(z_det.requires_grad)
`),
  },
];
