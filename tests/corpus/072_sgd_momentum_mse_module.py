# The course's training loop: nn.MSELoss and torch.optim.SGD with momentum (zero_grad, backward, step).
import torch

torch.manual_seed(0)
x = torch.linspace(-1, 1, 20)
y = 3 * x + 0.5 + 0.1 * torch.randn(20)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
loss_fn = torch.nn.MSELoss()
print(f"loss: {loss_fn}")
for step in range(100):
    opt.zero_grad()
    loss = loss_fn(w * x + b, y)
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(step, loss.item())
print(w, b)
print(loss, w.grad, b.grad)
opt.zero_grad(set_to_none=True)
print(w.grad, b.grad)
