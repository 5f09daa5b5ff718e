# enable_grad re-enables tracking inside a no_grad block.
import torch

x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    a = x * 2
    with torch.enable_grad():
        b = x * 2
        print(torch.is_grad_enabled())
    c = x * 2
    print(torch.is_grad_enabled())
print(a.requires_grad, b.requires_grad, c.requires_grad)
print(b)
torch.no_grad()
print(torch.is_grad_enabled())
