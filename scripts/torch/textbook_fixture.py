"""Writes test/unit/core/fixtures/textbookSaturated.json (issue 17): a small one-hidden-layer PAG
problem whose samples are confidently classified (other-class probability about 1e-9, where
float32 rounds 1 - p_t to 0), with d loss / d params from PyTorch autograd (float64) of the
textbook log-softmax gradient rounded as float32 frameworks round it (toy_torch.py, 'fround').
The fused step must give the same (test/unit/core/fusedConventions.test.ts). Not run in CI.

    python3 scripts/torch/textbook_fixture.py > test/unit/core/fixtures/textbookSaturated.json
"""
import json

import torch

from toy_torch import PARAM_NAMES, loss_parts, logits

torch.manual_seed(3)
D = torch.float64
P = {'W1': torch.randn(2, 6, dtype=D), 'b1': 0.5 * torch.randn(6, dtype=D),
     'W2': 6 * torch.randn(6, 2, dtype=D), 'b2': 0.5 * torch.randn(2, dtype=D)}
xs, ys = [], []
while len(ys) < 6:
    x = 2 * torch.randn(1, 2, dtype=D)
    z = x @ P['W1'] + P['b1']
    o = logits(P, x)[0]
    margin = (o[0] - o[1]).abs().item()
    # Confident (p_other 1e-10..1e-8) and no relu near its kink.
    if 19 <= margin <= 23 and z.abs().min().item() > 0.05:
        xs.append(x[0])
        ys.append(int(o[1] > o[0]))
x = torch.stack(xs)
y = torch.tensor(ys)
u = 50 * torch.randn(2, len(ys), 2, dtype=D)  # long targets: |g||u| above eps, the full cosine
for n in PARAM_NAMES:
    P[n].requires_grad_(True)
total, parts = loss_parts(P, x, y, u, 5.0, 1e-8, 'paper', 'fround')
total.backward()
print(json.dumps({
    'what': 'textbook (float32-rounded) log-softmax gradient, paper cosine, lambda 5, cosEps 1e-8; grads from PyTorch float64 autograd',
    'params': {n: P[n].detach().flatten().tolist() for n in PARAM_NAMES},
    'x': x.flatten().tolist(), 'y': ys, 'u': u.flatten().tolist(),
    'total': total.item(),
    'grads': {n: P[n].grad.flatten().tolist() for n in PARAM_NAMES},
}, indent=1))
