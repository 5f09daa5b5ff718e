# retain_grad() keeps the gradient of an intermediate (non-leaf) tensor.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y.retain_grad()
z = (y * y).sum()
z.backward()
print(y.grad)
print(x.grad)
print(y.is_leaf, x.is_leaf)
