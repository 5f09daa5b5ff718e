# Tuple unpacking and f-strings with format specs.
import torch

a, b = 2, 3.5
print(a, b)
a, b = b, a
print(a, b)
(x, y) = (torch.tensor([1., 2.]), torch.tensor(5.))
print(x, y)
loss = torch.tensor(0.123456)
print(f"loss={loss.item():.4f}")
print(f"loss={loss}")
print(f"{a} + {b} = {a + b}")
print(f"{x.shape} {x.dtype} {x.requires_grad}")
print(f"{3.14159:.2f} {2:03d} {0.000123:.2e} {1e6:,.0f}")
print(f"{x.sum().item():.3f}", f"{'text'}", f"{None}")
print(f"tensor: {x * 2}")
