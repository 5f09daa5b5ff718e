# for over range() and over lists of numbers and tensors.
import torch

total = 0
for i in range(1, 6):
    total += i
print(total)
for v in [0.5, 1.0, 2.0]:
    x = torch.tensor(v, requires_grad=True)
    y = x ** 3
    y.backward()
    print(v, x.grad)
acc = torch.zeros(2)
for t in [torch.tensor([1., 2.]), torch.tensor([3., 4.])]:
    acc += t
print(acc)
for i in range(3):
    pass
print(i)
for k in (10, 20):
    print(k)
