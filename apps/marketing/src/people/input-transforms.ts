/** class-transformer helpers the marketing inputs share: text is trimmed, ids and addresses also lowercased. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const lowercased = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
