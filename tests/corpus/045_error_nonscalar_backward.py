# backward() on a non-scalar needs an explicit gradient.
import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
print(y)
y.backward()
