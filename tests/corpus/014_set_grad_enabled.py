# set_grad_enabled as a context manager and as a plain call.
import torch

x = torch.tensor([1., 2.], requires_grad=True)
print(torch.is_grad_enabled())
with torch.set_grad_enabled(False):
    y = x * 2
    print(torch.is_grad_enabled())
print(y.requires_grad)
print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
z = x * 2
print(z.requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(True)
w = x * 2
print(w.requires_grad, torch.is_grad_enabled())
with torch.set_grad_enabled(True):
    v = x * 2
print(v)
