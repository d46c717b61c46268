import type { z } from 'zod';

/**
 * What is wrong with an environment an app would be started with: what its config schema rejects,
 * variables it does not know (a typo is otherwise silently ignored), and the token verification
 * rule the schema cannot express (exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEYS_FILE).
 */
export function envProblems(schema: z.ZodObject, env: Record<string, string>): string[] {
  const problems: string[] = [];
  const result = schema.safeParse(env);
  if (!result.success) problems.push(...result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const known = new Set(Object.keys(schema.shape));
  problems.push(
    ...Object.keys(env)
      .filter((k) => !known.has(k))
      .map((k) => `${k}: not a setting of this app`),
  );
  if (known.has('AUTH_JWKS_URL')) {
    const sources = ['AUTH_JWKS_URL', 'AUTH_PUBLIC_KEYS_FILE'].filter((k) => env[k]);
    if (sources.length !== 1) problems.push(`exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEYS_FILE is required, got ${sources.length}`);
  }
  return problems;
}

/** Variables the schema requires, i.e. that have no default and are not optional. */
export function requiredVariables(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, s]) => !(s as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k);
}
