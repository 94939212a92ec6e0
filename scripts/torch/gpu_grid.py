"""Runs a grid of cifar_sweep.py configurations in parallel processes on one GPU and appends every
model's JSON line to $OUT/all.jsonl as it finishes (so a run stopped at its time limit still
returns what it measured). Used once on the team's H200 to choose the CIFAR recipe; figures in
docs/cifar-results.md. Usage: python3 gpu_grid.py DATA_DIR OUT_DIR [--quick] [--jobs N]"""
import json, os, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

data, out = sys.argv[1], sys.argv[2]
quick = '--quick' in sys.argv
jobs = int(sys.argv[sys.argv.index('--jobs') + 1]) if '--jobs' in sys.argv else 14
here = os.path.dirname(os.path.abspath(__file__))
C5 = '0,1,6,7,8'
base = dict(classes=C5, epochs=10, warmup=2, k=2, lr=0.003, bs=32, opt='adam', archs='app')
grid = []
def add(tag, seeds, methods, **kw):
    for s in seeds:
        grid.append(dict(base, tag=tag, seed=s, methods=methods, **kw))
# 5 classes, the recipe of cifar-small-scale.md without augmentation, One Image's lambda swept, control, AT judge
add('c5-e10', [1, 2, 3], 'vanilla,at,oi:0.5,oi:0.2,cm:0.4,nn:0.4,perm:0.4')
add('c5-e10', [4, 5, 6], 'vanilla,oi:0.5,oi:0.2,oi:0.1,cm:0.4,nn:0.4,perm:0.4')
add('c5-e10-oi', [1, 2, 3], 'oi:0.3,oi:0.1,cm:0.2,nn:0.2')
# shorter / longer training (the CLI must finish in 30 min on 2 CPU cores)
add('c5-e6', [1, 2, 3], 'vanilla,oi:0.2,cm:0.4,nn:0.4', epochs=6, warmup=1)
add('c5-e15', [1, 2, 3], 'vanilla,oi:0.2,cm:0.4,nn:0.4', epochs=15, warmup=3)
add('c5-e10-w4', [1, 2, 3], 'vanilla,oi:0.5,cm:0.4,nn:0.4', warmup=4)
# the reference's augmentation, to compare with its published seed-1/2 figures
add('c5-e10-aug', [1, 2], 'vanilla,cm:0.4,nn:0.4', aug=1)
# 10 classes, k = 2
add('c10-e10', [1, 2, 3], 'vanilla,oi:0.5,oi:0.2,cm:0.4,nn:0.4,perm:0.4', classes='')
add('c10-e10-app2', [1, 2], 'vanilla,oi:0.2,cm:0.4,nn:0.4', classes='', archs='app2')
add('c10-e15', [1, 2], 'vanilla,oi:0.2,cm:0.4,nn:0.4', classes='', epochs=15, warmup=3)
if quick:
    grid = [dict(g, epochs=1, warmup=0, methods='vanilla,nn:0.4') for g in grid[:2]]

lock = threading.Lock()
os.makedirs(out, exist_ok=True)
T0 = time.time()
TMP = tempfile.mkdtemp(prefix='sweep')
def run(i, g):
    args = [sys.executable, os.path.join(here, 'cifar_sweep.py'), '--train', os.path.join(data, 'train.bin'),
            '--test', os.path.join(data, 'test.bin'), '--out', os.path.join(TMP, str(i)), '--threads', '1']
    for k in ('classes', 'epochs', 'warmup', 'k', 'lr', 'bs', 'opt', 'archs', 'tag', 'seed', 'methods', 'aug'):
        if k in g: args += [f'--{k}', str(g[k])]
    if quick: args.append('--quick')
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:
        line = line.strip()
        with lock:
            with open(os.path.join(out, 'all.jsonl' if line.startswith('{') or line.startswith('[') else 'log.txt'), 'a') as f:
                f.write((line if line.startswith(('{', '[')) else f'[{i} {g["tag"]} s{g["seed"]}] {line}') + '\n')
    p.wait()
    with lock:
        print(f'{time.time() - T0:7.1f}s done {i} {g["tag"]} seed {g["seed"]} rc {p.returncode}', flush=True)
    if i == 0 and os.path.exists(os.path.join(TMP, str(i), 'fig4_app.png')):
        import shutil; shutil.copy(os.path.join(TMP, str(i), 'fig4_app.png'), os.path.join(out, 'fig4_c5_seed1.png'))

print(len(grid), 'configurations', flush=True)
with ThreadPoolExecutor(jobs) as ex:
    list(ex.map(lambda t: run(*t), enumerate(grid)))
print('total', round(time.time() - T0, 1), flush=True)
