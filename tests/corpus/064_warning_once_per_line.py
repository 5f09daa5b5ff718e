# Python shows a warning once per source line, even inside a loop.
import torch

x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
for i in range(3):
    print(i, y.grad)
print(y.grad)
print(x.grad)
