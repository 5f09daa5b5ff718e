# The graph's saved tensors are freed after backward.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
s = (x + 1).sum()
s.backward()
s.backward()
print(x.grad)
z = (x.exp() * x).sum()
z.backward()
print(x.grad)
z.backward()
