import { Card, Group, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';

/** One headline number of a dashboard, with what it is. */
export function Figure({ title, value }: { title: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** A share from 0 to 1 as a percentage with one decimal; a dash when there is none (nothing decided yet). */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;

/** Hours with two decimals as the API rounds them; a dash when there is none. */
export const hours = (h: number | null | undefined): string => (h === null || h === undefined ? '—' : `${h} h`);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A dashboard's period as two date fields, the last 30 days to begin with: the days (YYYY-MM-DD,
 * UTC, both included), whether both are days, and the fields.
 */
export function usePeriod(): { from: string; to: string; valid: boolean; fields: ReactNode } {
  const [from, setFrom] = useState(() => dayOf(Date.now() - 29 * 86_400_000));
  const [to, setTo] = useState(() => dayOf(Date.now()));
  const fields = (
    <Group align="end">
      <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
      <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
    </Group>
  );
  return { from, to, valid: DAY.test(from) && DAY.test(to), fields };
}
