# Inside torch.no_grad() results do not track history.
import torch

c = torch.tensor([1., 2., 3.], requires_grad=True)
with torch.no_grad():
    d = c**2
    print(d.requires_grad)
    print(c**2)
print(d)
e = c**2
print(e.requires_grad)
print(e)
print(e.grad_fn)
print(d.grad_fn)
