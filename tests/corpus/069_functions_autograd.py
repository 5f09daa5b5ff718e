# Functions around autograd: defaults, keywords, lambda, closures, *args and backward() inside a function.
import torch


def grad_at(f, value, power=1):
    x = torch.tensor(value, requires_grad=True)
    y = f(x) ** power
    y.backward()
    return x.grad

def cube(t):
    return t ** 3


print(grad_at(cube, 2.0), grad_at(cube, 2.0, power=2))
print(grad_at(lambda t: t.sin() * t, 1.0), grad_at(f=torch.exp, value=0.5))


def make_scaler(k):
    def scale(t):
        return k * t
    return scale


double = make_scaler(2.0)
print(grad_at(double, 3.0), double(torch.ones(2)))
torch.manual_seed(0)
shape = (2, 3)
a = torch.randn(*shape, requires_grad=True)
print(a.shape, torch.zeros(*a.shape).sum())


def frozen_sum(t):
    with torch.no_grad():
        return (t * 2).sum()


s = frozen_sum(a)
print(s.requires_grad, s.grad_fn, torch.is_grad_enabled())
print(*[1, 2, 3], sep=" < ")
