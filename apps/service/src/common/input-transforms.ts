/** class-transformer `@Transform` functions shared by this service's inputs. */
type Value = { value: unknown };

export const trim = ({ value }: Value): unknown => (typeof value === 'string' ? value.trim() : value);

/** Ids compare lower-cased: the same UUID in capitals names the same record. */
export const lower = ({ value }: Value): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const lowerAll = ({ value }: Value): unknown =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value;
