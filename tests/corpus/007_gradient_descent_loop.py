# Fit y = 2x + 1 with two scalar parameters and plain gradient descent.
import torch

xs = torch.tensor([0., 1., 2., 3., 4.])
ys = 2 * xs + 1
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.05
for step in range(20):
    pred = w * xs + b
    loss = ((pred - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    print(f"step {step}: loss {loss.item():.4f}")
print(f"w = {w.item():.4f}, b = {b.item():.4f}")
print(w, b)
print(w.is_leaf, b.requires_grad)
