# Gradients add up across backward calls; zero_() resets them.
import torch

x = torch.tensor([1., -1.], requires_grad=True)
for i in range(3):
    (x * x * (i + 1)).sum().backward()
    print(x.grad)
x.grad.zero_()
print(x.grad)
(x * 10).sum().backward()
print(x.grad)
g = x.grad
(x * 1).sum().backward()
print(g)
