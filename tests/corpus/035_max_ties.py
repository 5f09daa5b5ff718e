# max() over all elements; ties share the gradient evenly.
import torch

x = torch.tensor([1., 3., 3., 2.], requires_grad=True)
m = x.max()
print(m)
m.backward()
print(x.grad)
y = torch.tensor([[5., -1.], [0., 2.]], requires_grad=True)
torch.max(y).backward()
print(y.grad)
print(torch.tensor([4, 9, 2]).max())
print(m.grad_fn)
