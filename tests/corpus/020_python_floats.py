# Python floats print with repr's shortest round-trip digits.
import torch

print(0.1 + 0.2)
print(1e-8, 1e16, 1e-5, 0.0001, 123456789.0)
print(1 / 3, 2 / 3, 10 / 2, 7 / 7)
print(2 ** 0.5, 2 ** 10, 2 ** -1, -0.0)
print(3.0, 1.5e300 * 1.5e300, 100.0 * 3)
x = torch.tensor([0.1, 0.2, 0.3])
print(float(x.sum()))
print(x.sum().item())
print(x[0].item(), x[1].item())
print(torch.tensor(1 / 3).item())
print(torch.tensor(1 / 3, dtype=torch.float64).item())
print(torch.tensor(7).item(), torch.tensor(True).item())
print(f"{0.1 + 0.2}", f"{1e-8}", f"{x.sum().item()}")
print(f"{1 / 3:.3f}", f"{2.5:.1f}", f"{1234.5678:.2e}", f"{42:5d}")
