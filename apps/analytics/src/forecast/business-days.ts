const DAY_MS = 86_400_000;

/** Monday to Friday in [from, to) (days as YYYY-MM-DD, UTC); no holiday calendar is known to analytics. */
export function businessDaysBetween(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS));
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  // The days past the whole weeks: at most six, counted one by one.
  for (let i = weeks * 7; i < days; i++) {
    const weekday = new Date(start + i * DAY_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}
