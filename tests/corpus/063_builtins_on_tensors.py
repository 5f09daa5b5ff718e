# Builtins that iterate over a tensor see its 0-d elements.
import torch

x = torch.tensor([3., 1., 2.])
print(max(x), min(x))
print(sum(x))
print(len(x))
print(abs(x - 2))
print(round(x.sum().item() / 7, 4))
