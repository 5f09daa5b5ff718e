# allclose and equal return Python bools.
import torch

a = torch.tensor([1., 2., 3.])
b = torch.tensor([1., 2., 3.0000001])
c = torch.tensor([1., 2., 3.01])
print(torch.allclose(a, b), torch.allclose(a, c))
print(torch.allclose(a, c, atol=0.1))
print(torch.equal(a, b), torch.equal(a, a.clone()))
print(torch.equal(a, torch.tensor([1., 2.])))
print(a.allclose(b), a.equal(c))
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
print(torch.allclose(y, torch.tensor([2., 4.])))
