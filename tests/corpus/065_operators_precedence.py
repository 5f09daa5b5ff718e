# Python precedence: unary minus binds looser than **, and ** is right-associative.
import torch

print(-2**2, (-2)**2, 2**3**2, -2**-1)
print(+3, -(-3), 7 - 2 - 1, 2 * 3 + 4 / 2)
print(1 < 2, 2 == 2.0, 3 != 3, 2 >= 3)
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = -x**2
print(y)
z = +x - -x
print(z)
w = x * 2 + 1 / x - x ** 2 / 4
print(w)
(y.sum() + w.sum()).backward()
print(x.grad)
m = torch.tensor([[1., 2.], [3., 4.]])
print(m @ m * 2, m @ (m * 2))
print("tab\tquote' \\ done", 'single "double"')
