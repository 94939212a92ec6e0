"""The toy PAG model in PyTorch, with the project's conventions as switches (issue 17).

Shared by toy_replay.py (replays a trace of `npm run reproduce -- toy --trace`) and
toy_pipeline.py (whole independent runs). Not part of the app or of CI: run where PyTorch is
installed. Row-vector layout as in the trace: h = relu(x W1 + b1), logits = h W2 + b2.

Switches (defaults = plain PyTorch, as the reference implementation writes it):
- cosine: 'torch'   PyTorch 2's F.cosine_similarity, written out so that any installed version
                    replays it: each norm floored at eps separately, the floor without gradient
                    (the norm's gradient flows as if unfloored; src/core/fast/fusedCosine.ts)
          'F'       the installed F.cosine_similarity (1.12-1.13 floor |v|^2 at eps^2 instead:
                    same values, another gradient where |v| < eps)
          'paper'   v.u / sqrt(max(|v|^2 |u|^2, eps^2)): the paper's Eq. 2, the project's default
                    (src/core/fast/fusedCosine.ts)
- gradient (of f = log-softmax with respect to the logits, inside d f_t / d x):
          'autograd' torch.autograd.grad through F.log_softmax (what the reference does)
          'exact'    e_t - p with 1 - p_t formed as sum_{c != t} p_c (project --gradient exact)
          'fround'   e_t - p with p and 1 - p_t rounded to float32 as the project's float64
                     textbook mode does (straight-through: rounding is not differentiated)
"""
import torch
import torch.nn.functional as F

PARAM_NAMES = ('W1', 'b1', 'W2', 'b2')


def params_from(trace_params, dtype):
    """Leaf tensors (requires_grad) from the trace's nested lists."""
    return {n: torch.tensor(trace_params[n], dtype=dtype).requires_grad_(True) for n in PARAM_NAMES}


def logits(P, x):
    return torch.relu(x @ P['W1'] + P['b1']) @ P['W2'] + P['b2']


def _fround(t):
    """Float32 rounding of a float64 tensor, straight-through for the gradient."""
    return t + (t.float().double() - t).detach()


def input_grads(P, xb, gradient='autograd'):
    """d f_t / d x for every class t: [C, B, d], differentiable (create_graph)."""
    C = P['W2'].shape[1]
    if gradient == 'autograd':
        x = xb.clone().requires_grad_(True)
        lp = F.log_softmax(logits(P, x), 1)
        return torch.stack([torch.autograd.grad(lp[:, t].sum(), x, create_graph=True)[0] for t in range(C)])
    z = xb @ P['W1'] + P['b1']
    live = (z > 0).to(z.dtype)  # relu'(z); 0 at 0 as in PyTorch and TF.js
    o = torch.relu(z) @ P['W2'] + P['b2']
    p = torch.softmax(o, 1)
    out = []
    for t in range(C):
        if gradient == 'exact':
            # da_t = sum_{c != t} p_c (W2[:, t] - W2[:, c]): no cancellation when p_t is near 1.
            da = sum(p[:, c:c + 1] * (P['W2'][:, t] - P['W2'][:, c]) for c in range(C) if c != t)
        elif gradient == 'fround':
            p32 = _fround(p)
            da = _fround(1 - p32[:, t:t + 1]) * P['W2'][:, t]
            for c in range(C):
                if c != t:
                    da = da - p32[:, c:c + 1] * P['W2'][:, c]
        else:
            raise ValueError(gradient)
        out.append((da * live) @ P['W1'].T)
    return torch.stack(out)


def cosine(g, u, eps, kind='torch'):
    """Row-wise cosine of [N, d] tensors."""
    if kind == 'F':
        return F.cosine_similarity(g, u, dim=1, eps=eps)
    if kind == 'torch':
        ng, nu = g.norm(dim=1), u.norm(dim=1)
        floor = lambda n: n + (n.clamp_min(eps) - n).detach()  # noqa: E731 (value floored, gradient not)
        return (g * u).sum(1) / (floor(ng) * floor(nu))
    if kind == 'paper':
        sq = (g * g).sum(1) * (u * u).sum(1)
        return (g * u).sum(1) / torch.sqrt(torch.clamp_min(sq, eps * eps))
    raise ValueError(kind)


def loss_parts(P, xb, yb, ub, lam, cos_eps, cosine_kind='torch', gradient='autograd'):
    """Total loss of a step and its parts. ub: targets [C, B, d] or None (vanilla)."""
    out = logits(P, xb)
    ce = F.cross_entropy(out, yb)
    if ub is None:
        return ce, {'ce': ce, 'pag': None, 'cos': None, 'g': None}
    g = input_grads(P, xb, gradient)
    cos = torch.stack([cosine(g[t], ub[t], cos_eps, cosine_kind) for t in range(g.shape[0])])  # [C, B]
    pag = (1 - cos).sum(0).mean()
    return ce + lam * pag, {'ce': ce, 'pag': pag, 'cos': cos, 'g': g}


def make_adam(P, s):
    return torch.optim.Adam([P[n] for n in PARAM_NAMES], lr=s['learningRate'],
                            betas=(s.get('adamBeta1', 0.9), s.get('adamBeta2', 0.999)), eps=s['adamEpsilon'])


def load_adam_state(opt, P, adam, dtype):
    """Puts a checkpoint's Adam moments (and step count) into a torch Adam."""
    for n in PARAM_NAMES:
        opt.state[P[n]] = {'step': torch.tensor(float(adam['t'])),
                           'exp_avg': torch.tensor(adam['m'][n], dtype=dtype),
                           'exp_avg_sq': torch.tensor(adam['v'][n], dtype=dtype)}


def pgd_l2_targeted(P, x, y, eps, steps, alpha, C=2):
    """The project's attack (src/core/attack/pgd.ts, eval/evaluate.ts): targets (y + 1) mod C,
    no random start, descends the summed CE, per-sample step g / max(|g|, 1e-12), projection
    delta * min(1, eps / max(|delta|, 1e-12)). Returns the predictions at the end point."""
    target = (y + 1) % C
    d = torch.zeros_like(x)
    for _ in range(steps):
        d.requires_grad_(True)
        loss = -F.log_softmax(logits(P, x + d), 1).gather(1, target[:, None]).sum()
        g, = torch.autograd.grad(loss, d)
        step = g / g.norm(dim=1, keepdim=True).clamp_min(1e-12)
        d = d.detach() - alpha * step
        d = d * torch.clamp(eps / d.norm(dim=1, keepdim=True).clamp_min(1e-12), max=1.0)
    with torch.no_grad():
        return logits(P, x + d).argmax(1)


def evaluate(P, x, y, eps=15.0, steps=20):
    """Clean and robust accuracy with the parameters cast to float32, as the CLI evaluates."""
    Q = {n: P[n].detach().float() for n in PARAM_NAMES}
    xf = x.float()
    with torch.no_grad():
        clean = (logits(Q, xf).argmax(1) == y).double().mean().item()
    adv = pgd_l2_targeted(Q, xf, y, eps, steps, 2.5 * eps / steps)
    return clean, (adv == y).double().mean().item()
