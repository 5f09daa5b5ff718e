# Loss modules with each reduction: MSELoss, L1Loss, BCEWithLogitsLoss; their grad_fns and gradients.
import torch
from torch import nn
import torch.nn.functional as F

pred = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], requires_grad=True)
target = torch.tensor([[1.0, -1.0, 1.0], [1.0, 0.5, 0.5]])
for loss_fn in [nn.MSELoss(), nn.L1Loss(reduction="sum"), nn.MSELoss(reduction="none")]:
    loss = loss_fn(pred, target)
    print(f"{loss_fn}", loss)
    loss.sum().backward()
    print(pred.grad)
    pred.grad = None
l1 = F.l1_loss(pred, target, reduction="none")
print(l1, l1.grad_fn.next_functions)
logits = torch.tensor([2.0, -1.0, 0.5, -3.0], requires_grad=True)
labels = torch.tensor([1.0, 0.0, 0.0, 1.0])
bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))
out = bce(logits, labels)
out.backward()
print(str(bce), out, logits.grad)
print(nn.BCEWithLogitsLoss(reduction="none")(logits, labels))
