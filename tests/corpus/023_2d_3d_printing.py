# Printing 2-D and 3-D tensors, including requires_grad and grad_fn suffixes.
import torch

a = torch.arange(12.).reshape(3, 4)
print(a)
b = torch.arange(24).reshape(2, 3, 4)
print(b)
c = torch.tensor([[1.5, -2.25], [100., 0.001]], requires_grad=True)
print(c)
print(c * 2)
print(torch.zeros(2, 0))
print(torch.ones(1, 1, 1))
print(torch.tensor([[True, False], [False, True]]))
print(torch.tensor([[1e-10, 1.], [2., 3.]]))
