# PyTorch's print rules: fixed vs scientific notation, integer-valued floats.
import torch

print(torch.tensor([6., 2., 8., 2., 10.]))
print(torch.tensor([1e-4, 1., 12345.]))
print(torch.tensor([0.1, 0.25, 100.]))
print(torch.tensor([1e-5, 1e5]))
print(torch.tensor([1e8, 1.]))
print(torch.tensor([0.001, 0.01]))
print(torch.tensor([123456.7, 1.5]))
print(torch.tensor(31.5))
print(torch.tensor(1e-10), torch.tensor(-0.0), torch.tensor(1e20))
print(torch.tensor([-1.5, 2., -3.25]))
print(torch.tensor([1.23456789, 2.]))
print(torch.tensor([[1e-3, 2e3], [3., -4e-2]]))
x = torch.tensor([1., 2., 3., 4., 5.], requires_grad=True)
print((x * 6.3).sum())
print(torch.tensor([0.5]) * 0.1)
