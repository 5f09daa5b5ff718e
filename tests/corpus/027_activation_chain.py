# sigmoid, tanh and relu chained, with their gradients.
import torch

x = torch.tensor([-2., -0.5, 0., 0.5, 2.], requires_grad=True)
s = torch.sigmoid(x)
t = torch.tanh(s)
r = torch.relu(t - 0.5)
print(s)
print(t)
print(r)
print(r.grad_fn, r.grad_fn.next_functions)
r.sum().backward()
print(x.grad)
x.grad = None
y = x.sigmoid() * x.tanh() + x.relu()
y.sum().backward()
print(y)
print(x.grad)
