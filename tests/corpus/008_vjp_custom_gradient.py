# backward(v) computes the vector-Jacobian product v^T J.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001])
y.backward(v)
print(x.grad)
print(x.grad.dtype)
