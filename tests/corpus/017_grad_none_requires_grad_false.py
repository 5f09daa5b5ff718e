# Resetting .grad to None and turning requires_grad off on a leaf.
import torch

x = torch.tensor([2., 4.], requires_grad=True)
(x * x).sum().backward()
print(x.grad)
x.grad = None
print(x.grad)
(x * 3).sum().backward()
print(x.grad)
x.requires_grad = False
print(x.requires_grad)
y = x * 2
print(y.requires_grad, y.grad_fn)
x.requires_grad = True
print(x)
