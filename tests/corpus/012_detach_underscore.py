# detach_() cuts a tensor out of the graph in place.
import torch

x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
print(y.grad_fn)
y.detach_()
print(y)
print(y.requires_grad, y.is_leaf, y.grad_fn)
z = x * 3
print(z.requires_grad)
