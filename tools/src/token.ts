import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@crm/auth';
import { devUserId, ensureDevSigningKey, mintToken } from '@crm/auth/dev';

const USAGE = `npm run token -- --role <role>[,<role>...] [--user <uuid>] [--partner <uuid>] [--customer <uuid> --contact <uuid>] [--hours 12] [--data-dir .data] [--json]

Mints a development token signed with the key pair in <data-dir>/keys (created on first use; the
subgraphs and gateway started by \`npm start\` verify with its public half). Roles: ${ROLES.join(', ')}.
Without --user the token names a stable development user of those roles (admin: the one \`npm start\`
prints a token for). The partner role needs --partner; the customer role (a contact using the
self-service portal) needs --customer and --contact. --json prints {"token", "publicKeysFile"} instead of the bare token.`;

const ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      user: { type: 'string' },
      partner: { type: 'string' },
      customer: { type: 'string' },
      contact: { type: 'string' },
      hours: { type: 'string', default: '12' },
      'data-dir': { type: 'string', default: '.data' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.role) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const roles = values.role.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) throw new Error(`unknown role(s) ${unknown.join(', ')}; use ${ROLES.join(', ')}`);
  if (roles.includes('partner') !== Boolean(values.partner)) throw new Error('--partner goes with the partner role, and only with it');
  const isCustomer = roles.includes('customer');
  if (isCustomer !== Boolean(values.customer) || isCustomer !== Boolean(values.contact)) {
    throw new Error('--customer and --contact go with the customer role, and only with it');
  }
  const hours = Number(values.hours);
  if (!(hours > 0)) throw new Error('--hours must be a positive number');
  const { key, publicKeysFile } = await ensureDevSigningKey(path.join(path.resolve(ROOT, values['data-dir']), 'keys'));
  const token = await mintToken(key.privateJwk, {
    roles: roles as Role[],
    userId: values.user ?? devUserId(roles as Role[]),
    partnerId: values.partner ?? null,
    customerId: values.customer ?? null,
    contactId: values.contact ?? null,
    expiresInSeconds: Math.round(hours * 3600),
  });
  console.log(values.json ? JSON.stringify({ token, publicKeysFile }) : token);
}

main().catch((e: unknown) => {
  console.error(`token: ${(e as Error).message}`);
  process.exit(1);
});
