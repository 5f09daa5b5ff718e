# Walking the graph through grad_fn.next_functions and name().
import torch

x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([3., 4.], requires_grad=True)
loss = (x * w - 5).sum()
print(loss.grad_fn)
print(loss.grad_fn.name())
print(loss.grad_fn.next_functions)
sub = loss.grad_fn.next_functions[0][0]
print(sub.name(), sub.next_functions)
mul = sub.next_functions[0][0]
print(mul.next_functions)
acc = mul.next_functions[0][0]
print(acc.name())
print(x.grad_fn, x.is_leaf, loss.is_leaf)
y = 5 - x
print(y.grad_fn, (x / 2).grad_fn, (2 / x).grad_fn, (-x).grad_fn)
print((2 / x).grad_fn.next_functions)
