# Tensor raised to a tensor power: both sides get gradients.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = torch.tensor([2., 0.5, -1.], requires_grad=True)
z = x ** y
print(z)
print(z.grad_fn)
z.sum().backward()
print(x.grad)
print(y.grad)
p = x ** 2
print(p.grad_fn, x.pow(3))
q = torch.pow(x, 0.5)
print(q)
print(x ** 0)
