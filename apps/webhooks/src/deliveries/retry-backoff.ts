/**
 * How long to wait before attempt `attempt + 1` after `attempt` failed: exponential from `baseMs`,
 * capped at `maxMs`, with "equal jitter" (between half and all of it), so receivers that come back
 * are not hit by every queued retry at the same instant, while the waits still grow.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
