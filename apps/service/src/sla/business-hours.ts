import { InvalidError } from '@crm/domain';

/**
 * A working calendar: the days and hours in which SLA time runs, in one IANA time zone. Hours are
 * the same on every working day; holidays are local dates on which the clock does not run at all.
 */
export interface BusinessCalendar {
  timeZone: string;
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  workingDays: readonly number[];
  /** Local wall-clock intervals, `HH:MM` to `HH:MM` (24:00 allowed as an end). */
  hours: readonly { start: string; end: string }[];
  /** Local dates, `YYYY-MM-DD`. */
  holidays: readonly string[];
}

export const HOLIDAYS_MAX = 1000;
export const HOURS_MAX = 12;
/** Far enough for any target a calendar with one working hour a week could need; a guard against endless loops. */
const MAX_DAYS = 3700;
const MINUTE = 60_000;

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function clockMinutes(value: string): number | null {
  const m = CLOCK.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Refuses a calendar SLA time could not be counted on, naming the field (`hours.1`, `timeZone`...). */
export function validateCalendar(c: BusinessCalendar): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: c.timeZone });
  } catch {
    throw new InvalidError('timeZone', `"${c.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  if (!c.workingDays.length) throw new InvalidError('workingDays', 'a calendar needs at least one working day');
  for (const d of c.workingDays) {
    if (!Number.isInteger(d) || d < 1 || d > 7)
      throw new InvalidError('workingDays', `${d} is not a weekday: use 1 (Monday) to 7 (Sunday)`);
  }
  if (new Set(c.workingDays).size !== c.workingDays.length) throw new InvalidError('workingDays', 'a weekday is listed twice');
  if (!c.hours.length) throw new InvalidError('hours', 'a calendar needs at least one interval of working hours');
  if (c.hours.length > HOURS_MAX) throw new InvalidError('hours', `at most ${HOURS_MAX} intervals a day`);
  const intervals = c.hours.map((h, i) => {
    const start = clockMinutes(h.start);
    const end = clockMinutes(h.end);
    if (start === null || start === 24 * 60) throw new InvalidError(`hours.${i}.start`, `"${h.start}" is not a time of day HH:MM`);
    if (end === null) throw new InvalidError(`hours.${i}.end`, `"${h.end}" is not a time of day HH:MM`);
    if (end <= start) throw new InvalidError(`hours.${i}.end`, `${h.end} is not after ${h.start}`);
    return { i, start, end, label: `${h.start}–${h.end}` };
  });
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const [prev, next] = [sorted[k - 1]!, sorted[k]!];
    if (next.start < prev.end) throw new InvalidError(`hours.${Math.max(prev.i, next.i)}`, `${next.label} overlaps ${prev.label}`);
  }
  if (c.holidays.length > HOLIDAYS_MAX) throw new InvalidError('holidays', `at most ${HOLIDAYS_MAX} holidays`);
  c.holidays.forEach((h, i) => {
    if (!isDate(h)) throw new InvalidError(`holidays.${i}`, `"${h}" is not a date YYYY-MM-DD`);
  });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `instant`, to the second. */
function wallClock(instant: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, min: p.minute!, s: p.second! };
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function offset(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(instant / 1000) * 1000;
}

/** The instant a local date and minute of the day name in `timeZone` (a time skipped by a DST change moves forward). */
function instantOf(day: number, minutes: number, timeZone: string): number {
  const guess = day + minutes * MINUTE;
  const first = guess - offset(guess, timeZone);
  const second = guess - offset(first, timeZone);
  return second;
}

interface Window {
  start: number;
  end: number;
}

/** The working windows of the calendar, as instants, from the local day of `from` on. */
function* windows(c: BusinessCalendar, from: number): Generator<Window> {
  const w = wallClock(from, c.timeZone);
  const firstDay = Date.UTC(w.y, w.m - 1, w.d);
  const holidays = new Set(c.holidays);
  const hours = c.hours.map((h) => ({ start: clockMinutes(h.start)!, end: clockMinutes(h.end)! })).sort((a, b) => a.start - b.start);
  for (let i = 0; i < MAX_DAYS; i++) {
    const day = firstDay + i * 24 * 60 * MINUTE;
    const weekday = new Date(day).getUTCDay() || 7;
    if (!c.workingDays.includes(weekday) || holidays.has(new Date(day).toISOString().slice(0, 10))) continue;
    for (const h of hours) {
      const start = instantOf(day, h.start, c.timeZone);
      const end = instantOf(day, h.end, c.timeZone);
      if (end > from) yield { start: Math.max(start, from), end };
    }
  }
}

/** `from` plus `minutes` of working time on the calendar: when a target of that many business minutes falls due. */
export function addBusinessMinutes(c: BusinessCalendar, from: Date, minutes: number): Date {
  if (!(minutes > 0)) throw new RangeError(`minutes must be positive, got ${minutes}`);
  let remaining = minutes * MINUTE;
  for (const w of windows(c, from.getTime())) {
    if (remaining <= w.end - w.start) return new Date(w.start + remaining);
    remaining -= w.end - w.start;
  }
  throw new RangeError(`no ${minutes} working minutes within ${MAX_DAYS} days on this calendar`);
}

/** Working minutes on the calendar between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(c: BusinessCalendar, from: Date, to: Date): number {
  let total = 0;
  for (const w of windows(c, from.getTime())) {
    if (w.start >= to.getTime()) break;
    total += Math.min(w.end, to.getTime()) - w.start;
  }
  return total / MINUTE;
}
