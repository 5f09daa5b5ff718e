# Seed course: a vector loss needs an explicit gradient to backpropagate.
import torch

x = torch.tensor([1., 2., 3., 4., 5.], requires_grad=True)
loss = x**2 - 5
print(loss)
loss.backward(gradient=torch.ones(5))
print(x.grad)
print(x.grad == 2*x)
