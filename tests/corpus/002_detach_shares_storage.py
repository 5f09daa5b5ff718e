# detach() gives a tensor outside the graph that shares storage with the original.
import torch

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
