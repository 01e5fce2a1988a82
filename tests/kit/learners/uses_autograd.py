import torch


def q_function(a, b):
    return 3 * a**3 - b**2


def dq_da(a, b):
    a = a.clone().requires_grad_()
    (3 * a**3 - b**2).sum().backward()
    return a.grad


def dq_db(a, b):
    b = b.clone().requires_grad_()
    return torch.autograd.grad((3 * a**3 - b**2).sum(), b)[0]
