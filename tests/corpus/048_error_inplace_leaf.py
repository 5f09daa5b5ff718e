# A leaf that requires grad cannot be modified in place outside no_grad.
import torch

w = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    w.add_(1)
print(w)
w.add_(1)
