# A Python scalar raised to a tensor power (PowBackward2 in PyTorch 2.x).
import torch

x = torch.tensor([0., 1., 2., 3.], requires_grad=True)
y = 2**x
print(y)
print(y.grad_fn)
print(y.grad_fn.next_functions)
y.sum().backward()
print(x.grad)
z = 2.5 ** x
print(z)
print(10 ** torch.tensor([1, 2]))
