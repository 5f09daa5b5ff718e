# Shapes that cannot broadcast.
import torch

a = torch.tensor([1., 2., 3.])
b = torch.tensor([1., 2.])
print(a + a)
c = a + b
