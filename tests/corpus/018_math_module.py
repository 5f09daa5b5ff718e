# The math module alongside tensors.
import math
import torch

print(math.pi)
print(math.e)
print(math.sqrt(2))
print(math.exp(1), math.log(10))
print(math.sin(math.pi / 2), math.cos(0))
x = torch.tensor([0., math.pi / 6, math.pi / 2], requires_grad=True)
y = torch.sin(x)
print(y)
y.sum().backward()
print(x.grad)
r = torch.tensor(math.sqrt(2))
print(r)
print(r * r)
print(math.log(math.e))
