# Only floating point tensors can require gradients.
import torch

x = torch.tensor([1., 2.], requires_grad=True)
print(x)
n = torch.tensor([1, 2], requires_grad=True)
