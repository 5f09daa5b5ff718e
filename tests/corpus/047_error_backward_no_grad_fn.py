# backward() on a tensor that does not require grad.
import torch

x = torch.tensor([1., 2., 3.])
s = x.sum()
print(s.requires_grad, s.grad_fn)
s.backward()
