# A tiny linear regression with F.mse_loss.
import torch
import torch.nn.functional as F

x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
target = torch.tensor([1., 2., 3.])
w = torch.tensor([0.1, -0.1], requires_grad=True)
b = torch.tensor(0., requires_grad=True)
for i in range(5):
    pred = x @ w + b
    loss = F.mse_loss(pred, target)
    loss.backward()
    with torch.no_grad():
        w -= 0.01 * w.grad
        b -= 0.01 * b.grad
    w.grad.zero_()
    b.grad.zero_()
    print(i, loss.item())
print(loss)
print(w, b)
print(F.mse_loss(pred, target, reduction='sum'))
print(F.mse_loss(pred, target, reduction='none'))
