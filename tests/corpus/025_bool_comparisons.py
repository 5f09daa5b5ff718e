# Comparisons give bool tensors.
import torch

x = torch.tensor([1., 2., 3., 4.])
y = torch.tensor([4., 2., 1., 4.])
print(x == y)
print(x != y)
print(x < y, x <= y)
print(x > 2, x >= 2.5)
m = x > y
print(m.dtype, m.requires_grad)
print(m.sum())
print(torch.tensor([True, False]) == torch.tensor([True, True]))
print(torch.tensor(1.) == 1)
print((x == y).tolist())
w = torch.tensor([1., 2.], requires_grad=True)
print(w > 1)
