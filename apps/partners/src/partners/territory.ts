import { isISO31661Alpha2, registerDecorator, type ValidationArguments } from 'class-validator';

/** Sales regions a territory may name besides countries. */
export const REGIONS = ['EMEA', 'AMER', 'APAC', 'LATAM'] as const;
export const TERRITORY_MAX = 250;

/** Upper-cased, trimmed, each code once, in the order given; anything that is not a list of strings is left for the validator to refuse. */
export function territoryCodes({ value }: { value: unknown }): unknown {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return value;
  return [...new Set(value.map((v: string) => v.trim().toUpperCase()))];
}

const isCode = (code: string): boolean => (REGIONS as readonly string[]).includes(code) || isISO31661Alpha2(code);

/** A list of ISO 3166-1 alpha-2 countries and REGIONS; the message names the first code that is neither. */
export function IsTerritory(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTerritory',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.length <= TERRITORY_MAX && value.every((v) => typeof v === 'string' && isCode(v)),
        defaultMessage: ({ value, property }: ValidationArguments) => {
          if (!Array.isArray(value)) return `${property} must be a list of country or region codes`;
          if (value.length > TERRITORY_MAX) return `${property} may list at most ${TERRITORY_MAX} codes`;
          const bad: unknown = (value as unknown[]).find((v) => typeof v !== 'string' || !isCode(v));
          return `${property}: "${String(bad)}" is neither an ISO 3166-1 alpha-2 country code nor a region (${REGIONS.join(', ')})`;
        },
      },
    });
}
