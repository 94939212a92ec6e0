/**
 * The page's visibility as the worker knows it. A hidden tab must not burn the CPU: training is
 * not scheduled and long jobs (attacks, galleries, tables) wait at their next yield until the page
 * is visible again. A dedicated worker is not throttled when its page is hidden, so the page says
 * so explicitly (a 'visibility' command).
 */
export class VisibilityGate {
  hidden = false;
  private waiters: (() => void)[] = [];

  set(hidden: boolean): void {
    this.hidden = hidden;
    if (hidden) return;
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((resume) => resume());
  }

  /** Resolves at once while visible, else when the page is visible again. */
  wait(): Promise<void> {
    return this.hidden ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }
}
