# expect: SyntaxError
import torch

x = torch.tensor([1., 2.])
y = x + * 2
print(y)
