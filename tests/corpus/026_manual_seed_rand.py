# A fixed seed reproduces PyTorch's CPU generator exactly.
import torch

torch.manual_seed(0)
print(torch.rand(5))
print(torch.randn(3))
print(torch.randn(20))
torch.manual_seed(42)
print(torch.rand(2, 3))
print(torch.randn(2, 2, dtype=torch.float64))
torch.manual_seed(0)
x = torch.rand(3)
print(torch.rand_like(x), torch.randn_like(x))
