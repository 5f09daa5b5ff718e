# Gradient descent until the loss is small enough, with a step budget (while, break, else).
import torch

w = torch.tensor([3.0, -2.0], requires_grad=True)
target = torch.tensor([1.0, 1.0])
lr = 0.1
step = 0
loss = ((w - target) ** 2).sum()
while loss.item() > 1e-3:
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    step += 1
    if step >= 100:
        print("gave up")
        break
    loss = ((w - target) ** 2).sum()
else:
    print("converged after", step, "steps")
print(w, loss)
n = 0
while n < 3:
    n += 1
    if n == 2:
        continue
    print("n =", n)
print(w.grad, w.is_leaf, loss.grad_fn)
