# Python builtins on numbers, lists and tensors.
import torch

nums = [3, -1, 4, 1, -5]
print(len(nums), sum(nums), min(nums), max(nums))
print(abs(-2.5), abs(-3), float(2), int(3.9), int(-3.9))
print(round(2.675, 2), round(0.5), round(1.5), round(2.5), round(3.14159, 3))
print(str(1.5) + "!", str(10))
print(min(2, 7.5), max(2, 7.5), max(1, 2, 3))
print(len(range(2, 10, 3)))
x = torch.tensor([1., 2., 3.])
print(len(x), len(torch.zeros(4, 2)))
print(float(x.sum()), int(x.sum()))
print(abs(torch.tensor([-1., 2.])))
print(sum([1.5, 2.5]), sum(range(4)))
print(round(x.mean().item(), 3))
