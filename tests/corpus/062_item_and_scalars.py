# 0-d tensors, item() and conversions to Python numbers.
import torch

x = torch.tensor([1.5, 2.5], requires_grad=True)
s = (x * x).sum()
print(s, s.shape, s.dim())
print(s.item(), float(s), int(s))
m = x.mean()
print(m, m.item())
print(torch.tensor(2).item() + 1)
print(torch.tensor(0.1).item() * 3)
print(x[0].item() + x[1].item())
print(torch.tensor([[7.]]).item())
print(x.detach().tolist())
