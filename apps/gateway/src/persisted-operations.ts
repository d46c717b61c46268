import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { sendGraphQLError } from '@crm/observability';
import type { NextFunction, Request, Response } from 'express';

export const sha256 = (document: string): string => createHash('sha256').update(document).digest('hex');

/**
 * A contract endpoint's safelist (partner-operations.json, portal-operations.json): `{ "<sha256 of the document>": "<document>" }`. Read and
 * checked at boot: an entry whose id is not its document's hash stops the gateway.
 */
export function loadSafelist(file: string): Map<string, string> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const list = new Map<string, string>();
  for (const [id, document] of Object.entries(raw)) {
    if (typeof document !== 'string' || sha256(document) !== id) {
      throw new Error(`${file}: entry ${id} is not the sha256 of its document`);
    }
    list.set(id, document);
  }
  return list;
}

interface OperationBody {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

/**
 * Only operations on the safelist run: sent by id (`extensions.persistedQuery.sha256Hash`, no
 * query) or as the exact document. Anything else is refused before parsing, planning or any
 * subgraph call. Only JSON POSTs are served, so there is no other way in.
 */
export function safelistOnly(list: Map<string, string>, endpoint: 'partner' | 'portal') {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body = req.body as OperationBody | undefined;
    const refuse = (message: string) => sendGraphQLError(req, res, 400, 'PERSISTED_QUERY_NOT_FOUND', message);
    if (req.method !== 'POST' || !body || typeof body !== 'object' || Array.isArray(body)) {
      return refuse(`The ${endpoint} endpoint accepts one persisted operation per POST`);
    }
    const hash = body.extensions?.persistedQuery?.sha256Hash;
    const id = typeof hash === 'string' ? hash : typeof body.query === 'string' ? sha256(body.query) : null;
    const document = id ? list.get(id) : undefined;
    if (!document || (typeof body.query === 'string' && body.query !== document)) {
      return refuse(`This operation is not on the ${endpoint} safelist`);
    }
    body.query = document;
    // Resolved here; Apollo's own automatic persisted queries stay off.
    if (body.extensions) delete body.extensions.persistedQuery;
    next();
  };
}
