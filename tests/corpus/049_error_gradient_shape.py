# The gradient passed to backward must match the output's shape.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x ** 2
y.backward(torch.ones(2))
