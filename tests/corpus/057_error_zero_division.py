# Python division by zero (tensors give inf instead).
import torch

print(torch.tensor(1.) / 0)
print(1 / 0)
