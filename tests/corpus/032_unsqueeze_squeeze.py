# Adding and removing size-1 dimensions.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
a = x.unsqueeze(0)
b = x.unsqueeze(-1)
print(a, a.shape)
print(b, b.shape)
c = torch.zeros(1, 3, 1)
print(c.squeeze().shape, c.squeeze(0).shape, c.squeeze(1).shape, c.squeeze(-1).shape)
s = b.squeeze()
print(s)
(a * b).sum().backward()
print(x.grad)
print(torch.unsqueeze(x, 1).shape)
