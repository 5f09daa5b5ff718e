# from torch import ... and nested list/tuple literals.
from torch import tensor, zeros
import torch.nn.functional as F
import torch

a = tensor([[1., -2.], [3., -4.]], requires_grad=True)
print(a, zeros(2))
r = F.relu(a)
print(r)
nested = [[1, (2, 3)], (4.5, [None, True])]
print(nested)
loss = F.mse_loss(r, tensor([[0., 0.], [1., 1.]]))
loss.backward()
print(loss, a.grad)
print(F.sigmoid(tensor([0., 2.])), F.tanh(tensor([0.5])))
