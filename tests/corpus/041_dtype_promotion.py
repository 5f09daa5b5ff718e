# Type promotion: categories, 0-d tensors and Python scalars.
import torch

i = torch.tensor([1, 2, 3])
f = torch.tensor([1., 2., 3.])
d = torch.tensor([1., 2., 3.], dtype=torch.float64)
print((i + 1.5).dtype, (i + i).dtype, (i * 2.5).dtype)
print((f + d).dtype, (f + 1e-3).dtype, (i / i).dtype)
print(i / i, i / 2)
print((torch.tensor(2., dtype=torch.float64) + f).dtype)
print((torch.tensor(2.) + i).dtype)
b = torch.tensor([True, False])
print(b + b, (b + b).dtype)
print(b + 1, (b + 1).dtype)
print(i ** 2, i ** 0.5)
print(f * True, i * f)
print(torch.sqrt(i))
