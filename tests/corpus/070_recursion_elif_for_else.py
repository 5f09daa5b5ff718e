# Recursion builds a polynomial on tensors; elif classifies its slope; for-else searches.
import torch


def horner(coeffs, x):
    if len(coeffs) == 1:
        return coeffs[0] * torch.ones_like(x)
    return coeffs[0] + x * horner(coeffs[1:], x)


x = torch.tensor([-2.0, -0.5, 0.0, 1.0, 3.0], requires_grad=True)
p = horner([1.0, -3.0, 0.0, 1.0], x)
p.sum().backward()
print(p)
print(x.grad)
for i in range(5):
    g = x.grad[i].item()
    if g > 0:
        kind = "rising"
    elif g < 0:
        kind = "falling"
    else:
        kind = "flat"
    print(x[i].item(), kind)
for i in range(5):
    if x.grad[i] == 0:
        print("stationary at", x[i])
        break
else:
    print("no stationary point")
print("big" if p.max() > 10 else "small", p.max())
