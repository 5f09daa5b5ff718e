# Indexing and slicing with gradients flowing back into the right places.
import torch

x = torch.tensor([1., 2., 3., 4., 5.], requires_grad=True)
print(x[0], x[-1])
print(x[1:3], x[::2], x[-2:])
y = x[1] * 10 + x[1:3].sum() + x[::2].sum()
y.backward()
print(x.grad)
m = torch.arange(12.).reshape(3, 4).requires_grad_()
print(m[0])
print(m[:, 1])
print(m[1:3])
print(m[1, 2], m[-1, ::2])
(m[0].sum() + m[:, 1].sum() * 2 + m[1, 2] * 5).backward()
print(m.grad)
print(m[0].grad_fn, m[1:3].grad_fn)
