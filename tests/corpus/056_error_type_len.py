# len() of an int is a TypeError.
import torch

print(len([1, 2, 3]))
n = len(5)
