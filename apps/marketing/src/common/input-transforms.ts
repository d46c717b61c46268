/** class-transformer `@Transform` functions every marketing input shares: one copy, the same rule everywhere. */
type Value = { value: unknown };

export const upper = ({ value }: Value): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);
