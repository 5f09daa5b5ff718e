# Modifying a tensor saved for backward bumps its version and breaks backward.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x.exp()
print(y.grad_fn)
y.add_(1)
print(y.grad_fn)
y.sum().backward()
