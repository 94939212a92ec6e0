"""Whole toy runs in PyTorch, one convention switched at a time, many seeds (issue 17).

    python3 scripts/torch/toy_pipeline.py --seeds 1-10 --variants float32:torch:autograd:cdist \
        float32:paper:autograd:cdist [--procs 4] [--epochs 100] [--out results.jsonl]

The pipeline is the reference notebook's (toy_pag_torch.py among the team reference scripts): data from a
torch.Generator, nn.Linear's default initialisation after torch.manual_seed(seed), a fresh
randperm every epoch (last batch short), Adam lr 0.01, lambda 5, 100 epochs, batch 128. A
variant is dtype:cosine:gradient:nn, with cosine and gradient as in toy_torch.py and
  nn 'cdist' torch.cdist(x, x).argmin (what the reference does: float32, and for this many points
           the matrix-product formula, whose rounding (~1e-3 on |x|^2 ~ 1e4) picks an arbitrary
           own-class point within a few hundredths instead of the nearest)
     'exact' squared distances in float64, first index on ties (the project's targets.ts).
Evaluation: the project's attack (toy_torch.evaluate: targeted L2 PGD-20, eps 15). Not run in CI.
Prints one JSON line per (seed, variant, method), then medians per variant.
"""
import argparse
import json
import multiprocessing as mp
import statistics
import sys
import time

import torch
import torch.nn as nn

from toy_torch import PARAM_NAMES, evaluate, loss_parts


def data(seed, n_train=1000, n_test=100):
    """The reference's generator, unchanged (class 0 modes -5, -1, 3; class 1 modes -3, 1, 5)."""
    g = torch.Generator().manual_seed(seed)

    def mk(n):
        xs, ys = [], []
        for cls, modes in ((0, (-5, -1, 3)), (1, (-3, 1, 5))):
            for c in modes:
                x1 = 10 * c + torch.randn(n, generator=g)
                xs.append(torch.stack([x1, 2 * x1], 1))
                ys.append(torch.full((n,), cls))
        return torch.cat(xs), torch.cat(ys)
    return mk(n_train), mk(n_test)


def nn_targets(x, y, how, C=2):
    """g(x, t) = NN_t(x) - x over all training points of class t, excluding x: [C, N, d]."""
    if how == 'cdist':
        d = torch.cdist(x, x)
    else:
        xd = x.double()
        # In row blocks: the full [N, N, d] difference tensor would take over a gigabyte.
        d = torch.cat([((xd[i:i + 500, None, :] - xd[None, :, :]) ** 2).sum(-1) for i in range(0, len(x), 500)])
    d.fill_diagonal_(float('inf'))
    return torch.stack([x[y == t][d[:, y == t].argmin(1)] - x for t in range(C)])


def init_params(seed, dtype):
    """nn.Linear's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as the reference draws it."""
    torch.manual_seed(seed)
    l1, l2 = nn.Linear(2, 32), nn.Linear(32, 2)
    P = {'W1': l1.weight.detach().T.clone(), 'b1': l1.bias.detach().clone(),
         'W2': l2.weight.detach().T.clone(), 'b2': l2.bias.detach().clone()}
    return {n: P[n].to(dtype).requires_grad_(True) for n in PARAM_NAMES}


def run_one(job):
    seed, variant, pag, epochs = job
    torch.set_num_threads(1)
    dtype_name, cos_kind, gradient, nn_how = variant.split(':')
    dtype = torch.float32 if dtype_name == 'float32' else torch.float64
    (x, y), (xt, yt) = data(seed)
    t0 = time.time()
    P = init_params(seed, dtype)  # seeds the global generator: the batch order follows it
    U = nn_targets(x, y, nn_how).to(dtype) if pag else None
    opt = torch.optim.Adam([P[n] for n in PARAM_NAMES], lr=1e-2)
    xd = x.to(dtype)
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            idx = perm[i:i + 128]
            total, _ = loss_parts(P, xd[idx], y[idx], None if U is None else U[:, idx], 5.0, 1e-8, cos_kind, gradient)
            opt.zero_grad()
            total.backward()
            opt.step()
    clean, rob = evaluate(P, xt, yt)
    return {'seed': seed, 'variant': variant, 'method': 'nn' if pag else 'vanilla', 'clean': clean,
            'robust15': rob, 'seconds': round(time.time() - t0, 1)}


def seeds_of(spec):
    out = []
    for part in spec.split(','):
        a, _, b = part.partition('-')
        out += list(range(int(a), int(b or a) + 1))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', default='1-10')
    ap.add_argument('--variants', nargs='+', default=['float32:torch:autograd:cdist'])
    ap.add_argument('--vanilla', action='store_true', help='also train the vanilla model')
    ap.add_argument('--epochs', type=int, default=100)
    ap.add_argument('--procs', type=int, default=1)
    ap.add_argument('--out', help='append the JSON lines here too')
    args = ap.parse_args()
    # Seed by seed, every variant of a seed together: a run cut short still compares like with like.
    jobs = []
    for s in seeds_of(args.seeds):
        jobs += [(s, v, True, args.epochs) for v in args.variants]
        if args.vanilla:
            jobs.append((s, 'float32:torch:autograd:cdist', False, args.epochs))
    results = []
    out = open(args.out, 'a') if args.out else None
    with mp.Pool(args.procs) as pool:
        for r in pool.imap_unordered(run_one, jobs):
            results.append(r)
            line = json.dumps(r)
            print(line, flush=True)
            if out:
                out.write(line + '\n')
                out.flush()
    for v in args.variants + (['vanilla'] if args.vanilla else []):
        rs = [r for r in results if (r['variant'] == v and r['method'] == 'nn') or (v == 'vanilla' and r['method'] == 'vanilla')]
        if rs:
            med = statistics.median(r['robust15'] for r in rs)
            cl = statistics.median(r['clean'] for r in rs)
            print(f"{v}: n {len(rs)}, median L2 eps-15 robust {100 * med:.1f} %, median clean {100 * cl:.1f} %", file=sys.stderr)


if __name__ == '__main__':
    main()
