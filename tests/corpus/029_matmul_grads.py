# Matrix products with @, mm, mv and dot, and their gradients.
import torch

A = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
B = torch.tensor([[1., 0., -1., 2.], [0.5, 1., 0., -2.]], requires_grad=True)
C = A @ B
print(C)
C.sum().backward()
print(A.grad)
print(B.grad)
v = torch.tensor([1., -1.], requires_grad=True)
u = A @ v
print(u)
d = torch.dot(v, v)
print(d)
(u.sum() + d).backward()
print(v.grad)
print(torch.mm(A, B).grad_fn, torch.mv(A, v).grad_fn)
print(torch.matmul(v, B))
