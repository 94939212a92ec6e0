/** What a long job (gallery, table) needs from the controller: a way to pause and to be stopped. */
export interface JobHooks {
  /** True once the job has been superseded or cancelled: it stops at its next check. */
  cancelled(): boolean;
  /** Lets the worker's message loop run (Pause, Cancel, a new run). */
  yieldControl(): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
}
