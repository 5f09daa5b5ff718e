# torch.autograd.grad returns gradients as a tuple instead of filling .grad.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x ** 2
g = torch.autograd.grad(y, x, grad_outputs=torch.ones(3), retain_graph=True)
print(g)
print(len(g))
print(x.grad)
s = (x ** 3).sum()
gs = torch.autograd.grad(s, x)
print(gs)
print(gs[0])
h = torch.autograd.grad(y, x, grad_outputs=torch.tensor([1., 0., 2.]))
print(h)
a = torch.tensor(3., requires_grad=True)
b = torch.tensor(4., requires_grad=True)
da, db = torch.autograd.grad(a * b + a, [a, b])
print(da, db)
