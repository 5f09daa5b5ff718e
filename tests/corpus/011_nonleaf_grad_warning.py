# Reading .grad of a non-leaf tensor gives None and a UserWarning.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 3
y.sum().backward()
print(x.grad)
print(y.grad)
print("done")
