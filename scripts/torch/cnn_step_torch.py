# Provenance: copied unchanged (apart from this header) from the team's shared reference
# cnn_step_torch_cfg.py (the team reference scripts), which measured the PyTorch column of
# docs/benchmarks.md; `npm run bench` runs it (scripts/bench/cnnStep.ts) when torch is importable.
"""PyTorch CPU (1 thread) ms per training step of the app's CNN family, vanilla and PAG, for a given
config: conv3x3(same)+bias -> relu -> 2x2 avg pool (all but the last conv, which uses softplus),
then a global average pool ('gap') or flatten head, dense; inputs centred; Adam; log-softmax
input-gradients with create_graph for k target classes per image (tiled in one backward pass).
Prints JSON {vanillaMs, pagMs}. Usage: --channels 8,16,32 --head flatten --batch 32 --classes 10 --k 10"""
import argparse, json, time, torch, torch.nn as nn, torch.nn.functional as F
p = argparse.ArgumentParser()
p.add_argument('--channels', default='8,16,32'); p.add_argument('--head', default='flatten')
p.add_argument('--batch', type=int, default=32); p.add_argument('--classes', type=int, default=10)
p.add_argument('--k', type=int, default=0, help='target classes per image (0 = all)')
p.add_argument('--threads', type=int, default=1); p.add_argument('--steps', type=int, default=20)
a = p.parse_args(); torch.set_num_threads(a.threads); torch.manual_seed(0)
ch = [int(c) for c in a.channels.split(',')]; C = a.classes; B = a.batch; k = a.k or C
L = []; cin = 3; size = 32
for i, c in enumerate(ch):
    L.append(nn.Conv2d(cin, c, 3, padding=1)); cin = c
    if i < len(ch) - 1: L += [nn.ReLU(), nn.AvgPool2d(2)]; size //= 2
    else: L.append(nn.Softplus())
L += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, C)] if a.head == 'gap' else [nn.Flatten(), nn.Linear(cin * size * size, C)]
net = nn.Sequential(*L); opt = torch.optim.Adam(net.parameters(), 1e-3)
x = torch.rand(B, 3, 32, 32); y = torch.randint(0, C, (B,)); G = torch.randn(B, k, 3 * 32 * 32)
T = torch.stack([torch.randperm(C)[:k] for _ in range(B)])  # target classes per image
def step(pag):
    z = net(x - 0.5); loss = F.cross_entropy(z, y)
    if pag:
        xt = x.unsqueeze(1).expand(B, k, 3, 32, 32).reshape(B * k, 3, 32, 32).clone().requires_grad_(True)
        lp = F.log_softmax(net(xt - 0.5), 1).view(B, k, C)
        sel = lp.gather(2, T.unsqueeze(2)).sum()
        g, = torch.autograd.grad(sel, xt, create_graph=True)
        loss = loss + 0.4 * (1 - F.cosine_similarity(g.view(B, k, -1), G, dim=2)).sum(1).mean() * (C / k)
    opt.zero_grad(); loss.backward(); opt.step()
out = {}
for pag in (False, True):
    step(pag); t0 = time.time()
    for _ in range(a.steps): step(pag)
    out['pagMs' if pag else 'vanillaMs'] = round(1000 * (time.time() - t0) / a.steps, 2)
print(json.dumps(out))
