"""Small-scale CIFAR-10 PAG sweep (PyTorch). Adapted from the team's reference sweep: method
specs with their own lambda (`oi:0.2`), augmentation off by default (the project's engine has none),
pixels centred at 0.5 (as the project's CNN), one JSON line per model on stdout.

Original description: Small-scale CIFAR-10 PAG sweep (PyTorch): which small CNN / lambda / epochs show the paper's
effects on a 10-class subset? Trains vanilla, PAG (OI, CM, NN) and a PGD-AT reference, evaluates
clean and PGD-20 (L2 0.25/0.5/1, Linf 8/255, random start, step 2*eps/20 as the paper's supplement),
and draws Figure-4 style large-eps targeted L2 PGD grids. Also measures "transfer": how often a
large-eps targeted image made on model A is classified as the target by the independent PGD-AT
model (a proxy for "looks like the target class").

Usage: python3 cifar_pag_sweep.py --train train.bin --test test.bin --out DIR [--epochs 20] [--quick]
"""
import argparse, json, os, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--train', required=True); p.add_argument('--test', required=True)
p.add_argument('--out', required=True); p.add_argument('--epochs', type=int, default=20)
p.add_argument('--archs', default='tiny,small'); p.add_argument('--quick', action='store_true')
p.add_argument('--lams', default='1.5', help='extra NN lambdas beyond the paper Table 3 values'); p.add_argument('--seed', type=int, default=1)
p.add_argument('--lr', type=float, default=0.02)
p.add_argument('--opt', default='sgd', help='sgd (one-cycle) or adam (constant lr)')
p.add_argument('--classes', default='', help='comma list of class ids to keep (default all 10)')
p.add_argument('--warmup', type=int, default=0, help='epochs of cross-entropy only before the PAG term')
p.add_argument('--k', type=int, default=0, help='target classes per image (0 = all), term scaled by C/k')
p.add_argument('--bs', type=int, default=128)
p.add_argument('--threads', type=int, default=0)
p.add_argument('--methods', default='vanilla,at,oi,cm,nn,nn1,perm')
p.add_argument('--aug', type=int, default=0, help='1: flip + crop augmentation for non-NN methods (the reference did)')
p.add_argument('--tag', default='')
p.add_argument('--budget', type=float, default=1e9, help='seconds; stop starting new models after')
a = p.parse_args()
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
if a.threads: torch.set_num_threads(a.threads)
os.makedirs(a.out, exist_ok=True)
T0 = time.time()

def load(path):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)
    y = torch.tensor(raw[:, 0].astype(np.int64))
    x = torch.tensor(raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0)
    return x, y

xtr, ytr = load(a.train); xte, yte = load(a.test)
if a.classes:
    keep = [int(c) for c in a.classes.split(',')]
    remap = {c: i for i, c in enumerate(keep)}
    def sub(x, y):
        m = torch.tensor([int(v) in remap for v in y]); y2 = torch.tensor([remap[int(v)] for v in y[m]])
        return x[m], y2
    xtr, ytr = sub(xtr, ytr); xte, yte = sub(xte, yte)
if a.quick: xtr, ytr, xte, yte = xtr[:600], ytr[:600], xte[:200], yte[:200]
xtr, ytr, xte, yte = xtr.to(dev), ytr.to(dev), xte.to(dev), yte.to(dev)
C = len(a.classes.split(',')) if a.classes else 10

def arch(name):
    if name == 'tiny':   # the app's default today: 8-16-32, stride-2, flatten head
        return nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1), nn.ReLU(), nn.Conv2d(8, 16, 3, 2, 1), nn.ReLU(),
                             nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU(), nn.Flatten(), nn.Linear(32 * 8 * 8, C))
    if name == 'app':    # the app's CNN: conv-relu-avgpool x2, conv-softplus, flatten, dense
        return nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1), nn.ReLU(), nn.AvgPool2d(2), nn.Conv2d(8, 16, 3, 1, 1), nn.ReLU(), nn.AvgPool2d(2),
                             nn.Conv2d(16, 32, 3, 1, 1), nn.Softplus(), nn.Flatten(), nn.Linear(32 * 8 * 8, C))
    if name == 'app2':   # the same, 16-32-64
        return nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1), nn.ReLU(), nn.AvgPool2d(2), nn.Conv2d(16, 32, 3, 1, 1), nn.ReLU(), nn.AvgPool2d(2),
                             nn.Conv2d(32, 64, 3, 1, 1), nn.Softplus(), nn.Flatten(), nn.Linear(64 * 8 * 8, C))
    if name == 'small':  # 32-64-128, stride-2, global pool
        return nn.Sequential(nn.Conv2d(3, 32, 3, 1, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
                             nn.Conv2d(64, 128, 3, 2, 1), nn.ReLU(), nn.Conv2d(128, 128, 3, 2, 1), nn.ReLU(),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, C))
    if name == 'wide':   # 64-128-256, two convs per stage
        L = []; cin = 3
        for cout, s in [(64, 1), (64, 1), (128, 2), (128, 1), (256, 2), (256, 1)]:
            L += [nn.Conv2d(cin, cout, 3, s, 1), nn.ReLU()]; cin = cout
        return nn.Sequential(*L, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, C))
    raise SystemExit(name)

MEAN = 0.5  # the project's CNN centres pixels at 0.5
class Net(nn.Module):
    def __init__(s, name): super().__init__(); s.f = arch(name)
    def forward(s, x): return s.f(x - MEAN)   # centred pixels, inputs stay in [0, 1]

def targets(method, x, y, idx):
    """g(x, t) for every class t: [B, C, 3, 32, 32]."""
    if method == 'oi':
        R = OI.unsqueeze(0).expand(x.shape[0], -1, -1, -1, -1)
    elif method == 'cm':
        R = CM.unsqueeze(0).expand(x.shape[0], -1, -1, -1, -1)
    elif method == 'nn':
        R = NN[idx]
    elif method == 'perm':   # control: nearest neighbours of a permuted class (non-perceptual targets)
        R = NN[idx][:, PERM]
    return R - x.unsqueeze(1)

def pag_term(model, x, method, y, idx):
    B = x.shape[0]; K = a.k or C
    T = torch.stack([torch.randperm(C, device=dev)[:K] for _ in range(B)]) if K < C else torch.arange(C, device=dev).expand(B, C)
    xt = x.unsqueeze(1).expand(B, K, 3, 32, 32).reshape(B * K, 3, 32, 32).clone().requires_grad_(True)
    ls = F.log_softmax(model(xt), 1).view(B, K, C)
    sel = ls.gather(2, T.unsqueeze(2)).sum()                       # tile j differentiates class T[j]
    g, = torch.autograd.grad(sel, xt, create_graph=True)
    g = g.view(B, K, -1); tgt = targets(method, x, y, idx).gather(1, T.view(B, K, 1, 1, 1).expand(B, K, 3, 32, 32)).reshape(B, K, -1)
    nrm = lambda v: torch.sqrt((v * v).sum(-1) + 1e-20)   # safe at v = 0 (dead ReLUs): no NaN gradient
    cos = (g * tgt).sum(-1) / torch.clamp(nrm(g) * nrm(tgt), min=1e-12)
    return (1 - cos).sum(1).mean() * (C / K), cos.mean().item()

def pgd(model, x, y, eps, norm, steps=20, targeted=False, rand=True, alpha=None):
    alpha = alpha or 2 * eps / steps
    d = torch.zeros_like(x)
    if rand:
        if norm == 'linf': d = (torch.rand_like(x) * 2 - 1) * eps
        else:
            r = torch.randn_like(x); r = r / r.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
            d = r * eps * torch.rand(x.shape[0], 1, 1, 1, device=dev)
        d = (x + d).clamp(0, 1) - x
    for _ in range(steps):
        d.requires_grad_(True)
        loss = F.cross_entropy(model(x + d), y)
        g, = torch.autograd.grad(loss, d)
        with torch.no_grad():
            s = -1 if targeted else 1
            if norm == 'linf':
                d = (d + s * alpha * g.sign()).clamp(-eps, eps)
            else:
                gn = g / g.flatten(1).norm(dim=1).clamp(min=1e-12).view(-1, 1, 1, 1)
                d = d + s * alpha * gn
                n = d.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
                d = d * torch.clamp(eps / n.clamp(min=1e-12), max=1.0)
            d = (x + d).clamp(0, 1) - x
    return (x + d).detach()

def acc(model, x, y, bs=500):
    model.eval(); c = 0
    with torch.no_grad():
        for i in range(0, len(x), bs): c += (model(x[i:i + bs]).argmax(1) == y[i:i + bs]).sum().item()
    return c / len(x)

def robust(model, x, y, eps, norm, bs=500):
    model.eval(); c = 0
    for i in range(0, len(x), bs):
        xa = pgd(model, x[i:i + bs], y[i:i + bs], eps, norm)
        with torch.no_grad(): c += (model(xa).argmax(1) == y[i:i + bs]).sum().item()
    return c / len(x)

def augment(x):
    flip = torch.rand(x.shape[0], device=dev) < 0.5
    x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
    pad = F.pad(x, (4, 4, 4, 4), mode='reflect')
    i, j = np.random.randint(0, 9, 2)
    return pad[:, :, i:i + 32, j:j + 32]

# ground-truth representatives
gen = torch.Generator().manual_seed(a.seed)
PERM = torch.tensor([(c + 3) % C for c in range(C)], device=dev)
OI = torch.stack([xtr[(ytr == c).nonzero()[0, 0]] for c in range(C)])
CM = torch.stack([xtr[ytr == c].mean(0) for c in range(C)])
# NN: nearest (L2) among a pool of 100 random images per class, excluding itself (precomputed)
POOL = 100
pools = [(ytr == c).nonzero().flatten()[torch.randperm(int((ytr == c).sum()), generator=gen)[:POOL].to(dev)] for c in range(C)]
NN = torch.empty(len(xtr), C, 3, 32, 32, device=dev)
flat = xtr.flatten(1)
for c in range(C):
    P = flat[pools[c]]
    dist = torch.cdist(flat, P)
    same = (pools[c].view(1, -1) == torch.arange(len(xtr), device=dev).view(-1, 1))
    dist[same] = float('inf')
    NN[:, c] = xtr[pools[c][dist.argmin(1)]]

def train(archname, method, lam, epochs, at_eps=None):
    torch.manual_seed(a.seed); np.random.seed(a.seed)
    model = Net(archname).to(dev)
    bs = a.bs; steps_per = (len(xtr) + bs - 1) // bs; total = epochs * steps_per
    if a.opt == 'adam':
        opt = torch.optim.Adam(model.parameters(), lr=a.lr); sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=total, pct_start=0.25)
    t0 = time.time(); cosv = 0.0
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(len(xtr), device=dev)
        for k in range(steps_per):
            idx = perm[k * bs:(k + 1) * bs]
            x, y = xtr[idx], ytr[idx]
            if a.aug and method not in ('nn', 'perm'): x = augment(x)   # NN targets are per stored image: no augmentation
            if method == 'at':
                x = pgd(model, x, y, at_eps, 'l2', steps=5, rand=True, alpha=2.5 * at_eps / 5); model.train()
            loss = F.cross_entropy(model(x), y)
            if method in ('oi', 'cm', 'nn', 'perm') and ep >= a.warmup:
                t, cosv = pag_term(model, x, method, y, idx); loss = loss + lam * t
            opt.zero_grad(set_to_none=True)
            if torch.isfinite(loss): loss.backward(); opt.step()
            else: NONFINITE[0] += 1
            sched.step()
    return model, time.time() - t0, cosv

def fig4(models, names, path, eps=8.0, steps=60, n_img=4):
    """Rows: for each of n_img test images, one row per model: start + targeted image for each class."""
    from PIL import Image
    sel = [int((yte == c).nonzero()[0, 0]) for c in range(min(n_img, C))]
    rows = []
    for i in sel:
        x0 = xte[i:i + 1].expand(C, -1, -1, -1).contiguous(); t = torch.arange(C, device=dev)
        for m in models:
            m.eval(); xa = pgd(m, x0, t, eps, 'l2', steps=steps, targeted=True, rand=False, alpha=2.5 * eps / steps)
            row = torch.cat([x0[:1], xa], 0)
            rows.append(torch.cat(list(row), 2))
        rows.append(torch.ones(3, 4, rows[-1].shape[2], device=dev))
    img = torch.cat(rows, 1).clamp(0, 1).mul(255).byte().permute(1, 2, 0).cpu().numpy()
    Image.fromarray(img).resize((img.shape[1] * 2, img.shape[0] * 2), Image.NEAREST).save(path)

def transfer(src, judge, eps=8.0, steps=60, n=200):
    """Targeted large-eps images made on src towards a random other class: share judged as the target by judge."""
    torch.manual_seed(7); x = xte[:n]; y = yte[:n]; t = (y + 1 + torch.randint(0, C - 1, y.shape, device=dev)) % C
    src.eval(); judge.eval()
    xa = pgd(src, x, t, eps, 'l2', steps=steps, targeted=True, rand=False, alpha=2.5 * eps / steps)
    with torch.no_grad():
        return (src(xa).argmax(1) == t).float().mean().item(), (judge(xa).argmax(1) == t).float().mean().item()

NONFINITE = [0]
results = []
lams = [float(v) for v in a.lams.split(',')]
for an in a.archs.split(','):
    models, names = [], []
    allp = dict(vanilla=('vanilla', 0.0), at=('at', 0.0), oi=('oi', 0.5), cm=('cm', 0.4), nn=('nn', 0.4), nn1=('nn', lams[0]), perm=('perm', 0.4))
    plan = []
    for k in a.methods.split(','):
        name, _, lam = k.partition(':')
        m, l0 = allp[name]
        plan.append((m, float(lam) if lam else l0))
    for method, lam in plan:
        if time.time() - T0 > a.budget: print('budget reached', flush=True); break
        model, secs, cosv = train(an, method, lam, a.epochs, at_eps=0.5 if method == 'at' else None)
        r = dict(tag=a.tag, seed=a.seed, classes=a.classes, k=a.k, warmup=a.warmup, lr=a.lr, bs=a.bs, aug=a.aug, arch=an, method=method, lam=lam, epochs=a.epochs, trainSeconds=round(secs, 1),
                 params=sum(p.numel() for p in model.parameters()), lastCos=round(cosv, 3),
                 clean=acc(model, xte, yte))
        for norm, eps in [('l2', 0.25), ('l2', 0.5), ('l2', 1.0), ('linf', 8 / 255)]:
            r[f'{norm}_{eps:.3g}'] = robust(model, xte, yte, eps, norm)
        r['nonfiniteSteps'] = NONFINITE[0]; NONFINITE[0] = 0
        r['msPerStep'] = round(1000 * secs / (a.epochs * ((len(xtr) + a.bs - 1) // a.bs)), 2)
        print(json.dumps(r), flush=True); results.append(r); models.append(model); names.append(f'{method}{lam:g}')
        json.dump(dict(names=names, results=results), open(os.path.join(a.out, 'results.json'), 'w'), indent=1)
    if len(models) > 1 and names[1].startswith('at'):
        judge = models[1]
        for r, m in zip(results[-len(models):], models):
            r['selfTarget'], r['transferToAT'] = transfer(m, judge)
            r['selfTarget3'], r['transferToAT3'] = transfer(m, judge, eps=3.0)
        van = models[0]
        for r, m in zip(results[-len(models):], models):
            r['transferToVanilla'] = transfer(m, van)[1]
        print(json.dumps([{k: r[k] for k in ('method', 'lam', 'selfTarget', 'transferToAT', 'transferToVanilla', 'selfTarget3', 'transferToAT3')} for r in results[-len(models):]]), flush=True)
    try: fig4(models, names, os.path.join(a.out, f'fig4_{an}.png'))
    except Exception as e: print('fig4 failed', e)
    json.dump(dict(names=names, results=results), open(os.path.join(a.out, 'results.json'), 'w'), indent=1)
print('total seconds', round(time.time() - T0, 1))
