# .T, t() and transpose(), and their grad_fn names.
import torch

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
print(x.T)
print(x.t())
print(x.transpose(0, 1))
print(torch.transpose(x, 1, 0).shape)
y = x.T * torch.tensor([[1.], [2.], [3.]])
y.sum().backward()
print(x.grad)
print(torch.t(torch.tensor([1., 2.])))
