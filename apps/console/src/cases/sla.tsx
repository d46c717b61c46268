import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';

/** "2 h 5 min", "3 d 4 h": the distance to a due time, to the minute. */
export function distance(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** The current time, again every 30 s: enough for timers shown to the minute. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

// Filled badges in shades that keep white text at WCAG AA's 4.5:1 or more.
const TONE = { good: 'teal.9', late: '#a64b00', bad: 'red.9', calm: 'gray.7' } as const;

/**
 * One SLA target as a person reads it: met, breached, overdue (the watcher has not marked it yet),
 * or the time left. Colour is never the only signal: the words say it too.
 */
export function SlaTimer({
  what,
  dueAt,
  metAt,
  breachedAt,
}: {
  what: string;
  dueAt: string | null | undefined;
  metAt?: string | null | undefined;
  breachedAt: string | null | undefined;
}) {
  const now = useNow();
  if (!dueAt) return null;
  if (metAt) {
    return (
      <Badge variant="filled" color={breachedAt ? TONE.late : TONE.good}>
        {what}: {breachedAt ? 'met late' : 'met'}
      </Badge>
    );
  }
  const left = new Date(dueAt).getTime() - now;
  if (breachedAt || left <= 0) {
    return (
      <Badge variant="filled" color={TONE.bad}>
        {what}: overdue by {distance(left)}
      </Badge>
    );
  }
  return (
    <Badge variant="filled" color={left < 3_600_000 ? TONE.late : TONE.calm}>
      {what}: due in {distance(left)}
    </Badge>
  );
}
