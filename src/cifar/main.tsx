import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder until the CIFAR Lab lands (issue 4).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>PAG Lab — CIFAR</h1>
    <a href="/">Toy Lab</a>
  </StrictMode>,
);
