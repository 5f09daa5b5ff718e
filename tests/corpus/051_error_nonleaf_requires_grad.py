# requires_grad of a computed tensor cannot be changed.
import torch

x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
print(y.requires_grad)
y.requires_grad = False
