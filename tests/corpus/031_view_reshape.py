# view and reshape share storage when they can; grad_fn names follow PyTorch 2.x.
import torch

x = torch.arange(6.).requires_grad_()
v = x.view(2, 3)
r = x.reshape(3, 2)
print(v)
print(r)
print(x.view(-1, 2).shape, x.reshape(-1).shape)
print(torch.reshape(x, (2, 3)))
nc = v.t().reshape(6)
print(nc)
(v.sum() + r.sum() * 2 + (nc * x).sum()).backward()
print(x.grad)
print(v.reshape(6).grad_fn.next_functions)
