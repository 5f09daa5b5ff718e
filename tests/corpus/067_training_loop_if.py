# A course-style training loop: model and loss as functions, progress printed every 10 steps.
import torch

torch.manual_seed(0)
x = torch.linspace(-2, 2, 16)
y = 0.5 * x - 1 + 0.1 * torch.randn(16)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def model(inputs):
    return w * inputs + b


def mse(pred, target):
    return ((pred - target) ** 2).mean()


for step in range(40):
    loss = mse(model(x), y)
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if step % 10 == 0:
        print(f"step {step:2d}: loss {loss.item():.5f}")
    elif step == 39:
        print("final loss", loss)
print(w, b)
print(model(torch.tensor([1., 2.])))
