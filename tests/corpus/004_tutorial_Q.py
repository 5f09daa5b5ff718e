# PyTorch autograd tutorial: Q = 3a^3 - b^2 with an external gradient.
import torch

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
print(Q)
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
print(a.grad)
print(b.grad)
print(9*a**2 == a.grad)
print(-2*b == b.grad)
