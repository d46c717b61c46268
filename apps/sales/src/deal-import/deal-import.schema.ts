import { isCalendarDate } from '@crm/graphql';
import { InvalidError } from '@crm/domain';
import { z } from 'zod';
import { IMPORT_DEALS_MAX, LINES_PER_DEAL, STAGES_PER_DEAL } from './deal-import.input';

const EXTERNAL_ID_MAX = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

const text = (max: number) => z.string().trim().min(1, `must be 1 to ${max} characters`).max(max, `must be 1 to ${max} characters`);
const uuid = z
  .string()
  .regex(UUID, 'must be a UUID')
  .transform((s) => s.toLowerCase());
const when = z.date({ error: 'must be a date-time such as 2017-03-31T09:00:00Z' });
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const decimal = (what: string) => z.string().regex(DECIMAL, `must be a decimal string such as ${what}, not negative`);

/**
 * The records of an import, checked here rather than by class-validator: the same rules and the
 * same refusal (BAD_USER_INPUT naming `deals.3.lines.0.quantity`), at a small fraction of the cost
 * of decorating 500 deals with their stages and lines, which was most of a batch's time.
 */
const importDeal = z.object({
  externalId: text(EXTERNAL_ID_MAX),
  name: text(200),
  accountExternalId: text(EXTERNAL_ID_MAX).nullish(),
  ownerId: uuid.nullish(),
  pipelineId: uuid.nullish(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
    .refine((c) => CURRENCIES.has(c), 'must be an ISO 4217 code'),
  amount: decimal('1200.50').nullish(),
  closeDate: z.string().refine(isCalendarDate, 'must be a date such as 2017-03-31'),
  createdAt: when,
  stages: z
    .array(z.object({ stageId: uuid, at: when }), 'must be a list')
    .max(STAGES_PER_DEAL, `must list at most ${STAGES_PER_DEAL}`)
    .nullish(),
  closeReason: text(500).nullish(),
  lines: z
    .array(
      z.object({
        productId: uuid,
        quantity: decimal('2.5'),
        unitPrice: decimal('99.90').nullish(),
        discountPercent: z.string().regex(PERCENT, 'must be a decimal string from 0 to 100').default('0'),
      }),
    )
    .max(LINES_PER_DEAL, `must list at most ${LINES_PER_DEAL}`)
    .nullish(),
});

const importAccount = z.object({ externalId: text(EXTERNAL_ID_MAX), name: text(200), createdAt: when.nullish() });

export type ImportDeal = z.infer<typeof importDeal>;
export type ImportAccount = z.infer<typeof importAccount>;

/** Parses `value` as `schema`, or refuses its first problem as an InvalidError on `<field>.<path>`. */
function parsed<S extends z.ZodType>(schema: S, value: unknown, field: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidError([field, ...issue.path.map(String)].join('.'), issue.message);
}

const importDeals = z
  .array(importDeal)
  .min(1, 'must list at least one deal')
  .max(IMPORT_DEALS_MAX, `must list at most ${IMPORT_DEALS_MAX}`);
const importAccounts = z.array(importAccount).max(IMPORT_DEALS_MAX, `must list at most ${IMPORT_DEALS_MAX}`);

export const parseDeals = (deals: unknown[]): ImportDeal[] => parsed(importDeals, deals, 'deals');
export const parseAccounts = (accounts: unknown[]): ImportAccount[] => parsed(importAccounts, accounts, 'accounts');
