# nan and inf in tensors and their gradients.
import torch

x = torch.tensor([0., 1., -1.], requires_grad=True)
y = torch.log(x)
print(y)
y.sum().backward()
print(x.grad)
print(torch.tensor([1., 0., -1.]) / 0)
print(torch.sqrt(torch.tensor([-1., 4.])))
z = torch.tensor([0., 4.], requires_grad=True)
torch.sqrt(z).sum().backward()
print(z.grad)
print(torch.tensor([float("inf"), 1., float("nan")]))
print(float("inf"), float("-inf"), float("nan"))
