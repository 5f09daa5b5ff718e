# torch.optim.Adam on a small least-squares fit, with weight decay and amsgrad.
# Values print rounded: PyTorch 2.x's Adam (lerp_ first moment) and 1.13's differ in the last bits.
import torch

torch.manual_seed(1)
x = torch.randn(10, 3)
true_w = torch.tensor([1.5, -2.0, 0.5])
y = x @ true_w + 0.3
w = torch.zeros(3, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.Adam([w, b], lr=0.1, weight_decay=1e-4, amsgrad=True)
loss_fn = torch.nn.MSELoss()
for step in range(150):
    opt.zero_grad()
    loss = loss_fn(x @ w + b, y)
    loss.backward()
    opt.step()
    if step % 30 == 0:
        print(f"step {step:3d}  loss {loss.item():.6f}")
print(f"w = [{w[0].item():.4f}, {w[1].item():.4f}, {w[2].item():.4f}]  b = {b.item():.4f}")
print(f"final loss {loss.item():.3e}", loss.grad_fn, w.requires_grad, w.is_leaf)
