# Matrix product with incompatible inner dimensions.
import torch

A = torch.ones(3, 2)
B = torch.ones(3, 2)
print(A @ B.T)
C = torch.mm(A, B)
