# Reductions over all elements or one dimension, with keepdim.
import torch

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
print(x.sum(), x.mean())
print(x.sum(0), x.sum(1), x.sum(-1))
print(x.sum(0, keepdim=True))
print(x.sum(dim=1, keepdim=True))
print(x.mean(0), x.mean(dim=-1, keepdim=True))
print(torch.sum(x), torch.mean(x, 1))
y = x.sum(1).sum() + x.mean(0).sum() * 3
y.backward()
print(x.grad)
print(x.sum(0).grad_fn, x.mean().grad_fn)
print(torch.tensor([1, 2, 3]).sum())
print(torch.tensor([True, True, False]).sum())
