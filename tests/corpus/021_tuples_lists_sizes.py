# Tuples and lists of tensors, sizes, shapes and dtypes.
import torch

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
print((torch.tensor(29.),))
print([x[0], x[1]])
print((1, 2.5, "a", None, True))
print(x.tolist())
print(torch.tensor([1, 2]).tolist(), torch.tensor(5.).tolist())
print(x.size(), x.shape, x.size(0), x.shape[1])
print(x.dim(), x.numel(), x.dtype)
print(torch.tensor(3).shape, torch.tensor(3).dim())
print(x.shape == (2, 3))
print(len(x.shape), x.size()[0])
print([])
print(())
print([x.sum(), x.mean()])
