# Tensors have no attribute foo.
import torch

x = torch.tensor([1., 2.])
print(x.shape)
x.foo
