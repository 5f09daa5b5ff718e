# Using a name that was never assigned.
import torch

x = torch.tensor([1., 2.])
print(x)
z = x + y
