import { useState, type DragEvent } from 'react';
import { cifarLab, useCifarLab } from '../state/store';

const mb = (b: number) => `${(b / 1e6).toFixed(b < 1e7 ? 1 : 0)} MB`;
const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

/**
 * Where the images come from: the subset `npm run data:cifar` serves at /data/cifar10/ (read at
 * start), or files the user picks or drops (the official archive is read as a stream, with
 * progress). A bad file is reported and changes nothing.
 */
export function DataPanel() {
  const data = useCifarLab((s) => s.data);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    cifarLab.loadFiles(Array.from(e.dataTransfer.files));
  };
  return (
    <section className="card data" data-testid="data-panel" aria-label="CIFAR-10 data">
      <h2>CIFAR-10 data</h2>
      <DataStatus />
      {/* The drop area: a one-line label (it names the file picker) and, under it, which files. */}
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label className="dropzone-label">
          Drop or <u>choose</u> files
          <input
            type="file"
            multiple
            accept=".gz,.tgz,.bin,.txt"
            data-testid="data-files"
            onChange={(e) => {
              cifarLab.loadFiles(Array.from(e.target.files ?? []));
              e.target.value = ''; // the same file again is a new pick
            }}
          />
        </label>
        <span className="hint">
          CIFAR-10: <b>cifar-10-binary.tar.gz</b> or its <b>.bin</b> batches
        </span>
      </div>
      {data.progress && (
        <div className="load-progress" data-testid="data-progress">
          <div className="bar">
            <div style={{ width: data.progress.total ? `${(100 * data.progress.done) / data.progress.total}%` : '100%' }} className={data.progress.total ? '' : 'indeterminate'} />
          </div>
          <span className="hint">
            reading {data.progress.name}: {mb(data.progress.done)}
            {data.progress.total ? ` of ${mb(data.progress.total)}` : ''}
          </span>
        </div>
      )}
    </section>
  );
}

function DataStatus() {
  const data = useCifarLab((s) => s.data);
  const loaded = data.loaded;
  return (
    <div className="data-status" data-testid="data-status" data-status={data.status}>
      {loaded ? (
        <>
          <b>{loaded.source === 'served' ? 'Served subset' : 'Your files'}</b>: {sum(loaded.trainPerClass).toLocaleString('en')} training and{' '}
          {sum(loaded.testPerClass).toLocaleString('en')} test images <span className="muted">({loaded.name})</span>
        </>
      ) : data.status === 'missing' ? (
        <>
          No CIFAR-10 files are served at <code>/data/cifar10/</code>. To get them, run <code>npm run data:cifar</code>, or pick the official
          archive (<code>cifar-10-binary.tar.gz</code>, from the CIFAR-10 page) or its <code>.bin</code> batches below.
        </>
      ) : (
        <>Looking for data at /data/cifar10/…</>
      )}
    </div>
  );
}
