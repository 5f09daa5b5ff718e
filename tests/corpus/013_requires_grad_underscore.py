# requires_grad_() switches tracking on for a leaf tensor.
import torch

x = torch.tensor([1., 2., 3.])
print(x.requires_grad)
x.requires_grad_()
print(x.requires_grad)
print(x)
y = (x * x).sum()
y.backward()
print(x.grad)
z = torch.zeros(2).requires_grad_(True)
print(z)
z.requires_grad_(False)
print(z)
