const MAX_RETRY_DELAY_MS = 5000;

export type Attempted = { ok: true } | { ok: false; error: unknown; attempts: number };

/** Bounded retries with exponential backoff, for a handler that throws. */
export class RetryPolicy {
  constructor(
    readonly maxAttempts: number,
    private readonly backoffMs: number,
  ) {}

  /** The wait after failed attempt `attempt` (1-based): doubles each time, capped. */
  delayAfter(attempt: number): number {
    return Math.min(this.backoffMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
  }

  /**
   * Runs `work` until it succeeds or `maxAttempts` have failed. `hooks.failed` hears of each failure
   * that will be retried; `hooks.waited` runs after each wait (a consumer heartbeats there).
   */
  async run(
    work: () => Promise<void>,
    hooks: { failed: (error: unknown, attempt: number, delayMs: number) => void; waited: () => Promise<void> },
  ): Promise<Attempted> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return { ok: true };
      } catch (error) {
        if (attempt >= this.maxAttempts) return { ok: false, error, attempts: attempt };
        const delay = this.delayAfter(attempt);
        hooks.failed(error, attempt, delay);
        await new Promise((r) => setTimeout(r, delay));
        await hooks.waited();
      }
    }
  }
}
