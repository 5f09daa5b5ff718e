# In-place ops on intermediates are recorded in the graph.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
y += 2
print(y)
y -= 1
print(y.grad_fn)
y *= 3
print(y)
y /= 2
print(y)
y.add_(1)
y.sub_(0.5)
y.mul_(2)
print(y)
y.sum().backward()
print(x.grad)
