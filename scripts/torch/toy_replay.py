"""Replays a toy trace in PyTorch and says where the two implementations part (issue 17).

    npm run reproduce -- toy --seed 31 --trace out/t31.json
    python3 scripts/torch/toy_replay.py out/t31.json [--dtype float32|float64]
        [--cosine trace|torch|paper|F] [--gradient trace|autograd|exact|fround] [--steps 300] [--tol 1e-3]

Not run in CI (needs PyTorch; the project itself never imports Python). Three checks per model:
1. The project's own trained weights under this script's attack: the clean and L2 eps-15 figures
   must equal the CLI's (checks that the attack here mirrors src/core/attack/pgd.ts).
2. Teacher-forced: from the project's state at each checkpoint (parameters and Adam moments), one
   step here; the relative difference of each quantity in the order they are computed
   (input-gradients, cosine, loss, parameter gradients, Adam update).
3. Free-running: same init, batches, targets and Adam settings, every step here; the first step
   whose loss differs by more than --tol (relative) within --steps, and which per-step summary
   (input-gradient norm, cosine, parameter-gradient norm, update norm) left tolerance first;
   then trained to the end and evaluated with the same attack.
Exit status 0 when check 1 matches, the first --steps losses agree and the final robust accuracy
is within 10 points of the project's for every model; 1 otherwise.
"""
import argparse
import json
import sys

import torch

from toy_torch import PARAM_NAMES, cosine, evaluate, load_adam_state, loss_parts, make_adam, params_from

QUANTITIES = ('inputGradNorm', 'alignment', 'gradNorm', 'updateNorm')


def rel(a, b):
    """Relative difference of tensors (L2 over all entries), against b."""
    a = torch.as_tensor(a, dtype=torch.float64)
    b = torch.as_tensor(b, dtype=torch.float64)
    return ((a - b).norm() / b.norm().clamp_min(1e-300)).item()


def targets_of(model, x):
    """g(x_n, t) = x[index[n][t]] - x[n] in float32, as the project computes it: [C, N, d]."""
    if model['targets'] is None:
        return None
    idx = torch.tensor(model['targets']['index'])
    return torch.stack([x[idx[:, t]] - x for t in range(idx.shape[1])])


def one_step(P, opt, xb, yb, ub, s, args):
    """Loss, its parts, gradients and the update of one step (P updated in place)."""
    total, parts = loss_parts(P, xb, yb, ub, s['lambda'], s['cosEps'], args.cosine, args.gradient)
    opt.zero_grad()
    total.backward()
    before = {n: P[n].detach().clone() for n in PARAM_NAMES}
    grads = {n: P[n].grad.detach().clone() for n in PARAM_NAMES}
    opt.step()
    update = {n: P[n].detach() - before[n] for n in PARAM_NAMES}
    return total.item(), parts, grads, update


def summaries(parts, grads, update):
    out = {'gradNorm': [grads[n].norm().item() for n in PARAM_NAMES],
           'updateNorm': [update[n].norm().item() for n in PARAM_NAMES]}
    if parts['g'] is not None:
        out['inputGradNorm'] = parts['g'].detach().norm(dim=2).mean(1).tolist()
        out['alignment'] = parts['cos'].detach().mean(1).tolist()
    return out


def teacher_forced(model, x, y, U, s, args, dtype, max_step):
    """One step from each checkpoint's project state: worst relative difference per quantity."""
    worst = {}
    first = {}
    for cp in model['checkpoints']:
        if cp['step'] >= max_step:
            break
        P = params_from(cp['params'], dtype)
        opt = make_adam(P, s)
        load_adam_state(opt, P, cp['adam'], dtype)
        idx = torch.tensor(model['batches'][cp['step']])
        ub = None if U is None else U[:, idx].to(dtype)
        loss, parts, grads, update = one_step(P, opt, x[idx].to(dtype), y[idx], ub, s, args)
        diffs = {}
        if cp['inputGrads'] is not None:
            g_proj = torch.tensor(cp['inputGrads'], dtype=torch.float64)
            g_here = parts['g'].detach().double()
            row = (g_here - g_proj).norm(dim=2) / g_proj.norm(dim=2).clamp_min(1e-300)
            diffs['inputGrads (worst row)'] = row.max().item()
            diffs['inputGrads (median row)'] = row.median().item()
            # The cosine the project computed, from its own input-gradients and convention.
            cos_proj = torch.stack([cosine(g_proj[t], ub[t].double(), s['cosEps'], s.get('cosine', 'paper'))
                                    for t in range(g_proj.shape[0])])
            diffs['cosine (worst row, abs)'] = (parts['cos'].detach().double() - cos_proj).abs().max().item()
        diffs['loss'] = abs(loss - model['loss'][cp['step']]) / abs(model['loss'][cp['step']])
        diffs['paramGrads'] = max(rel(grads[n], cp['grads'][n]) for n in PARAM_NAMES)
        diffs['adamUpdate'] = max(rel(update[n], cp['update'][n]) for n in PARAM_NAMES)
        for k, v in diffs.items():
            worst[k] = max(worst.get(k, 0.0), v)
            if v > args.tol and k not in first and 'median' not in k:
                first[k] = cp['step']
    return worst, first


def free_run(model, x, y, U, s, args, dtype):
    """Every step from the recorded init and batches; returns the report and trained params."""
    P = params_from(model['init'], dtype)
    opt = make_adam(P, s)
    losses = []
    first_loss = None
    first_quantity = None
    worst_loss = 0.0
    for k, batch in enumerate(model['batches']):
        idx = torch.tensor(batch)
        ub = None if U is None else U[:, idx].to(dtype)
        loss, parts, grads, update = one_step(P, opt, x[idx].to(dtype), y[idx], ub, s, args)
        losses.append(loss)
        if k >= args.steps:
            continue
        r = abs(loss - model['loss'][k]) / abs(model['loss'][k])
        worst_loss = max(worst_loss, r)
        if r > args.tol and first_loss is None:
            first_loss = k
        if first_quantity is None:
            summ = summaries(parts, grads, update)
            for q in QUANTITIES:
                rec = model['steps'][q]
                if q in summ and k < len(rec) and rel(summ[q], rec[k]) > args.tol:
                    first_quantity = (k, q, rel(summ[q], rec[k]))
                    break
    return {'firstLossStep': first_loss, 'worstLossRel': worst_loss, 'firstQuantity': first_quantity,
            'losses': losses}, P


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('trace')
    ap.add_argument('--dtype', choices=('float32', 'float64'), default='float32')
    ap.add_argument('--cosine', choices=('trace', 'torch', 'paper', 'F'), default='trace',
                    help="eps convention of the cosine; 'trace': the one the trace was trained with")
    ap.add_argument('--gradient', choices=('trace', 'autograd', 'exact', 'fround'), default='trace',
                    help="'trace': the trace's form (exact -> exact; textbook -> autograd in float32, "
                         "its float32 rounding emulated (fround) in float64)")
    ap.add_argument('--steps', type=int, default=300, help='steps whose loss must agree')
    ap.add_argument('--tol', type=float, default=1e-3)
    ap.add_argument('--models', default='vanilla,nn')
    ap.add_argument('--no-train', action='store_true', help='skip the free run to the end')
    ap.add_argument('--json', help='write the figures here too')
    args = ap.parse_args()
    torch.set_num_threads(1)
    dtype = torch.float32 if args.dtype == 'float32' else torch.float64
    with open(args.trace) as f:
        trace = json.load(f)
    if trace.get('format') != 'pag-lab-toy-trace':
        sys.exit('not a toy trace (format pag-lab-toy-trace)')
    s = trace['settings']
    if args.cosine == 'trace':
        args.cosine = s.get('cosine', 'paper')
    if args.gradient == 'trace':
        args.gradient = 'exact' if s['gradient'] == 'exact' else ('autograd' if args.dtype == 'float32' else 'fround')
    x = torch.tensor(trace['train']['x'], dtype=torch.float32)
    y = torch.tensor(trace['train']['y'])
    xt = torch.tensor(trace['test']['x'], dtype=torch.float32)
    yt = torch.tensor(trace['test']['y'])
    att = s['attack']
    print(f"trace seed {s['seed']}: {len(trace['models'][0]['batches'])} steps, project gradient {s['gradient']}; "
          f"replay {args.dtype}, cosine {args.cosine}, gradient {args.gradient}")
    ok = True
    out = {'seed': s['seed'], 'dtype': args.dtype, 'cosine': args.cosine, 'gradient': args.gradient, 'models': {}}
    for model in trace['models']:
        if model['method'] not in args.models.split(','):
            continue
        m = model['method']
        U = targets_of(model, x)
        res = {'project': {'clean': model['cleanAccuracy'], 'robust15': model['robustL2eps15']}}
        P = params_from(model['final'], torch.float64)
        clean, rob = evaluate(P, xt, yt, att['eps'], att['steps'])
        res['projectWeightsHere'] = {'clean': clean, 'robust15': rob}
        same = abs(clean - model['cleanAccuracy']) < 1e-9 and abs(rob - model['robustL2eps15']) <= 2 / len(yt)
        ok &= same
        print(f"\n[{m}] project: clean {100 * model['cleanAccuracy']:.1f} %, L2 eps 15 {100 * model['robustL2eps15']:.1f} %; "
              f"its weights under this attack: {100 * clean:.1f} % / {100 * rob:.1f} % ({'same' if same else 'DIFFERENT'})")
        worst, first = teacher_forced(model, x, y, U, s, args, dtype, args.steps)
        res['teacherForced'] = {'worst': worst, 'firstOverTol': first}
        print(f"  teacher-forced, checkpoints before step {args.steps}: worst relative difference")
        for k, v in worst.items():
            where = f" (first over tol at step {first[k]})" if k in first else ''
            print(f"    {k:28s} {v:.2e}{where}")
        if args.no_train:
            out['models'][m] = res
            continue
        fr, P = free_run(model, x, y, U, s, args, dtype)
        n = min(args.steps, len(model['loss']))
        agree = fr['firstLossStep'] is None
        ok &= agree
        print(f"  free run, first {n} steps: worst loss difference {fr['worstLossRel']:.2e} "
              + ('(agree)' if agree else f"(first over {args.tol:g} at step {fr['firstLossStep']})"))
        if fr['firstQuantity']:
            k, q, r = fr['firstQuantity']
            print(f"    first summary over tolerance: step {k}, {q} ({r:.2e})")
        clean, rob = evaluate(P, xt, yt, att['eps'], att['steps'])
        close = abs(rob - model['robustL2eps15']) <= 0.10
        ok &= close
        print(f"  trained to the end here: clean {100 * clean:.1f} %, L2 eps 15 {100 * rob:.1f} % "
              f"(project {100 * model['robustL2eps15']:.1f} %: {'within' if close else 'NOT within'} 10 points); "
              f"final loss {fr['losses'][-1]:.4g} vs {model['loss'][-1]:.4g}")
        fr.pop('losses')
        res.update({'freeRun': fr, 'here': {'clean': clean, 'robust15': rob}})
        out['models'][m] = res
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(out, f, indent=1)
    print('\nPASS' if ok else '\nFAIL')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
