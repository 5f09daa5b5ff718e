# float64 and int64 tensors print with a dtype suffix when not the default.
import torch

a = torch.tensor([1., 2.5, 3.], dtype=torch.float64)
print(a)
print(a.dtype)
b = torch.tensor([1, 2, 3])
print(b, b.dtype)
print(b * 2, b / 2, b + 0.5)
print(a * 2, a + torch.tensor([1., 1., 1.]))
c = torch.tensor([1.5, 2.5], dtype=torch.float64, requires_grad=True)
d = (c ** 2).sum()
print(d)
d.backward()
print(c.grad)
print(torch.tensor(3, dtype=torch.float64))
print(torch.tensor([1, 2], dtype=torch.float32))
print(torch.tensor(7))
print(torch.tensor([-3, 10000000]))
