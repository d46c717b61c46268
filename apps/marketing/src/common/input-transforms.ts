/** class-transformer `@Transform` functions every marketing input shares: one copy, the same rule everywhere. */
type Value = { value: unknown };

export { trim } from '@crm/graphql';

/** A blank optional text is the same as one not given. */
export const trimOrNull = ({ value }: Value): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

export const upper = ({ value }: Value): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);
