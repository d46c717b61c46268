/**
 * class-transformer `@Transform` functions the inputs of every subgraph share: text is trimmed;
 * ids, e-mail addresses and other keys are trimmed and lower-cased, as the same UUID in capitals or
 * an address typed with a capital names the same record.
 */
type Value = { value: unknown };

export const trim = ({ value }: Value): unknown => (typeof value === 'string' ? value.trim() : value);

export const lower = ({ value }: Value): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** `lower` on each item of a list. */
export const lowerAll = ({ value }: Value): unknown => (Array.isArray(value) ? value.map((v: unknown) => lower({ value: v })) : value);

/** `trim`, and blank text becomes null: an optional text left blank is the same as one not given. */
export const trimOrNull = ({ value }: Value): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
