import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Sales as a subgraph under test sees it when it checks a customer id (CustomerReferences): a
 * `/graphql` answering `_entities` for Customer representations, non-null only for the ids a test
 * made known. Tests of one subgraph use it instead of starting sales; end-to-end tests use sales.
 */
export interface CustomerOwnerDouble {
  /** SALES_URL for the subgraph under test. */
  url: string;
  /** Makes a customer exist in "sales" and returns its id (a fresh one unless given). */
  add(id?: string): string;
  /** Makes it disappear, as a deletion in sales would. */
  remove(id: string): void;
  /** Makes a product exist in "sales" (asked through `product(id)`) and returns its id. */
  addProduct(id?: string): string;
  /** Makes a contact of `customerId` exist in "sales" (asked through `contact(id)`) and returns its id. */
  addContact(customerId: string, id?: string): string;
  /** Answer every lookup with HTTP 503 (sales down) while true. */
  down: boolean;
  /** The Authorization header of every lookup so far, in order, with the id asked for. */
  lookups: { id: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

interface EntitiesRequest {
  query?: string;
  variables?: { representations?: { __typename?: string; id?: string }[]; id?: string };
}

export async function startCustomerOwnerDouble(): Promise<CustomerOwnerDouble> {
  const known = new Set<string>();
  const products = new Set<string>();
  const contacts = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (double.down) {
        res.writeHead(503).end();
        return;
      }
      const request = JSON.parse(body) as EntitiesRequest;
      if (request.query?.includes('product(')) {
        const id = String(request.variables?.id);
        double.lookups.push({ id, authorization: req.headers.authorization });
        const product = products.has(id.toLowerCase()) ? { id } : null;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { product } }));
        return;
      }
      if (request.query?.includes('contact(')) {
        const id = String(request.variables?.id);
        double.lookups.push({ id, authorization: req.headers.authorization });
        const customerId = contacts.get(id.toLowerCase());
        const contact = customerId ? { id, customerId } : null;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { contact } }));
        return;
      }
      const reps = request.variables?.representations ?? [];
      for (const r of reps) double.lookups.push({ id: String(r.id), authorization: req.headers.authorization });
      const entities = reps.map((r) => (r.__typename === 'Customer' && r.id && known.has(r.id) ? { id: r.id } : null));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _entities: entities } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const double: CustomerOwnerDouble = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    add: (id = randomUUID()) => {
      known.add(id.toLowerCase());
      return id;
    },
    remove: (id) => void known.delete(id.toLowerCase()),
    addProduct: (id = randomUUID()) => {
      products.add(id.toLowerCase());
      return id;
    },
    addContact: (customerId, id = randomUUID()) => {
      contacts.set(id.toLowerCase(), customerId);
      return id;
    },
    down: false,
    lookups: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return double;
}
