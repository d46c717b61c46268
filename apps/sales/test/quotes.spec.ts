import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const QUOTE_TABLES = ['quote', 'quote_line', 'opportunity', 'price_book_entry'];
const QUOTE = `id version number status subtotal { amount currency } tax { amount } total { amount }
  lines { position description quantity unitPrice { amount } discountPercent taxPercent net { amount } tax { amount } total { amount } product { sku } }`;

interface QuoteShape {
  id: string;
  version: number;
  number: string;
  status: string;
  subtotal: { amount: string; currency: string };
  tax: { amount: string };
  total: { amount: string };
  lines: Record<string, unknown>[];
}

describe('products, price books and quotes', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const { gql } = sales;
  let priceBookId: string;
  const product: Record<string, string> = {};

  const createQuote = (input: Record<string, unknown>) =>
    gql<{ createQuote: QuoteShape }>(`mutation($i: CreateQuoteInput!) { createQuote(input: $i) { ${QUOTE} } }`, { i: input });
  const setStatus = (id: string, status: string) =>
    gql<{ changeQuoteStatus: { status: string } }>('mutation($i: ChangeQuoteStatusInput!) { changeQuoteStatus(input: $i) { status } }', {
      i: { id, status },
    });
  const newOpportunity = async (amount = '1000.00') => {
    const customerId = await api.createCustomer(`Quoted ${Math.random()}`);
    return api.createOpportunity({ customerId, amount: { amount, currency: 'EUR' } });
  };

  beforeAll(async () => {
    const catalogue: [string, string][] = [
      ['LIC-PRO', 'Pro licence'],
      ['SVC-DAY', 'Consulting day'],
      ['OLD-1', 'Retired gadget'],
    ];
    for (const [sku, name] of catalogue) {
      product[sku] = (
        await api.ok<{ createProduct: { id: string } }>('mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
          i: { sku: sku.toLowerCase(), name },
        })
      ).createProduct.id;
    }
    await api.ok('mutation($i: SetProductActiveInput!) { setProductActive(input: $i) { active } }', {
      i: { id: product['OLD-1'], active: false },
    });
    priceBookId = (await api.ok<{ createPriceBook: { id: string } }>('mutation { createPriceBook(input: { name: "List 2027" }) { id } }'))
      .createPriceBook.id;
    const prices: [string, string, string][] = [
      ['LIC-PRO', '19.99', 'EUR'],
      ['LIC-PRO', '21.50', 'USD'],
      ['SVC-DAY', '1200', 'EUR'],
    ];
    for (const [sku, amount, currency] of prices) {
      await api.ok('mutation($i: SetPriceInput!) { setPrice(input: $i) { unitPrice { amount } } }', {
        i: { priceBookId, productId: product[sku], unitPrice: { amount, currency } },
      });
    }
  });

  it('keeps a catalogue: products with SKUs, price books with a price per currency, listed and paged', async () => {
    const listed = await api.ok<{
      products: {
        edges: { node: { sku: string; active: boolean; prices: { unitPrice: { amount: string; currency: string } }[] } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      '{ products(first: 1, filter: { active: true, search: "licence" }) { edges { node { sku active prices { unitPrice { amount currency } } } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(listed.products.edges).toEqual([
      {
        node: {
          sku: 'LIC-PRO',
          active: true,
          prices: expect.arrayContaining([
            { unitPrice: { amount: '19.99', currency: 'EUR' } },
            { unitPrice: { amount: '21.50', currency: 'USD' } },
          ]),
        },
      },
    ]);
    expect(listed.products.pageInfo.hasNextPage).toBe(false);
    const all = await api.ok<{ products: { edges: { node: { sku: string } }[] } }>(
      '{ products(sort: NAME_ASC) { edges { node { sku } } } }',
    );
    expect(all.products.edges.map((e) => e.node.sku)).toEqual(['SVC-DAY', 'LIC-PRO', 'OLD-1']);
    const books = await api.ok<{ priceBooks: { name: string; entries: { product: { sku: string } }[] }[] }>(
      '{ priceBooks { name entries { product { sku } } } }',
    );
    expect(books.priceBooks).toEqual([{ name: 'List 2027', entries: expect.arrayContaining([{ product: { sku: 'SVC-DAY' } }]) }]);
  });

  it('quotes in exact decimals, from the price book or given prices, in numbered versions', async () => {
    const opp = await newOpportunity();
    const first = await createQuote({
      opportunityId: opp.id,
      priceBookId,
      validUntil: '2027-01-31',
      lines: [
        { productId: product['LIC-PRO'], quantity: '3', discountPercent: '10', taxPercent: '20' },
        { productId: product['SVC-DAY'], quantity: '1.5', unitPrice: '999.995', taxPercent: '7.7' },
      ],
    });
    expect(first.errors).toBeUndefined();
    // 3 × 19.99 = 59.97, −10 % = 53.973 → 53.97, tax 10.794 → 10.79
    // 1.5 × 999.995 = 1499.9925 → 1499.99, tax 115.499... → 115.50
    expect(first.data!.createQuote).toEqual({
      id: expect.any(String),
      version: 1,
      number: 'v1',
      status: 'DRAFT',
      subtotal: { amount: '1553.96', currency: 'EUR' },
      tax: { amount: '126.29' },
      total: { amount: '1680.25' },
      lines: [
        {
          position: 0,
          description: 'Pro licence',
          quantity: '3',
          unitPrice: { amount: '19.99' },
          discountPercent: '10',
          taxPercent: '20',
          net: { amount: '53.97' },
          tax: { amount: '10.79' },
          total: { amount: '64.76' },
          product: { sku: 'LIC-PRO' },
        },
        {
          position: 1,
          description: 'Consulting day',
          quantity: '1.5',
          unitPrice: { amount: '999.995' },
          discountPercent: '0',
          taxPercent: '7.7',
          net: { amount: '1499.99' },
          tax: { amount: '115.50' },
          total: { amount: '1615.49' },
          product: { sku: 'SVC-DAY' },
        },
      ],
    });
    const second = await createQuote({
      opportunityId: opp.id,
      lines: [{ productId: product['SVC-DAY'], quantity: '2', unitPrice: '1100' }],
    });
    expect(second.data!.createQuote).toMatchObject({ version: 2, number: 'v2', total: { amount: '2200.00' } });
    const onOpportunity = await api.ok<{ opportunity: { quotes: { number: string }[] } }>(
      'query($id: ID!) { opportunity(id: $id) { quotes { number } } }',
      {
        id: opp.id,
      },
    );
    expect(onOpportunity.opportunity.quotes).toEqual([{ number: 'v2' }, { number: 'v1' }]);
  });

  it('moves quotes DRAFT → SENT → ACCEPTED, sets the amount, and allows only one accepted quote per opportunity', async () => {
    const opp = await newOpportunity('5000.00');
    const v1 = (
      await createQuote({
        opportunityId: opp.id,
        lines: [{ productId: product['SVC-DAY'], quantity: '3', unitPrice: '1000', taxPercent: '20' }],
      })
    ).data!.createQuote;
    const v2 = (await createQuote({ opportunityId: opp.id, lines: [{ productId: product['SVC-DAY'], quantity: '4', unitPrice: '1000' }] }))
      .data!.createQuote;

    const skipped = await setStatus(v1.id, 'ACCEPTED');
    expect(skipped.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    expect((await setStatus(v1.id, 'SENT')).data!.changeQuoteStatus.status).toBe('SENT');
    expect((await setStatus(v2.id, 'SENT')).data!.changeQuoteStatus.status).toBe('SENT');
    expect((await setStatus(v1.id, 'ACCEPTED')).data!.changeQuoteStatus.status).toBe('ACCEPTED');

    const amount = await api.ok<{ opportunity: { amount: { amount: string; currency: string } } }>(
      'query($id: ID!) { opportunity(id: $id) { amount { amount currency } } }',
      { id: opp.id },
    );
    expect(amount.opportunity.amount).toEqual({ amount: '3000.00', currency: 'EUR' });

    const before = await api.footprint(QUOTE_TABLES);
    const second = await setStatus(v2.id, 'ACCEPTED');
    expect(second.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(second.errors![0]!.message).toMatch(/already has an accepted quote \(v1\)/);
    expect(await api.footprint(QUOTE_TABLES)).toEqual(before);
    expect((await setStatus(v2.id, 'REJECTED')).data!.changeQuoteStatus.status).toBe('REJECTED');
    expect((await setStatus(v2.id, 'SENT')).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });

    const events = await sales.sql<{ type: string; subject: string; data: { status?: string; changed?: string[] } }>(
      `SELECT type, subject, data FROM outbox WHERE data->>'opportunityId' = $1 ORDER BY seq`,
      [opp.id],
    );
    expect(
      events.map(
        (e) =>
          `${e.type}${e.data.changed ? `:${e.data.changed.join(',')}` : ''}${e.type.includes('quote.status') ? `:${e.data.status}` : ''}`,
      ),
    ).toEqual([
      'crm.sales.opportunity.created.v1',
      'crm.sales.quote.created.v1',
      'crm.sales.quote.created.v1',
      'crm.sales.quote.status-changed.v1:SENT',
      'crm.sales.quote.status-changed.v1:SENT',
      'crm.sales.opportunity.updated.v2:amount,lines',
      'crm.sales.quote.status-changed.v1:ACCEPTED',
      'crm.sales.quote.status-changed.v1:REJECTED',
    ]);
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set([opp.customerId]));
  });

  describe('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    let openId: string;
    let lostId: string;
    beforeAll(async () => {
      openId = (await newOpportunity()).id;
      lostId = (await newOpportunity()).id;
      await api.ok('mutation($i: CloseOpportunityInput!) { loseOpportunity(input: $i) { id } }', {
        i: { id: lostId, reason: 'Budget cut' },
      });
    });
    const line = (overrides: Record<string, unknown>) => ({ productId: product['LIC-PRO'], quantity: '1', unitPrice: '10', ...overrides });
    const quoteWith = (overrides: Record<string, unknown>, opportunityId?: string) => () =>
      createQuote({ opportunityId: opportunityId ?? openId, lines: [line({}), line(overrides)] });

    it.each<[string, () => () => Promise<unknown>, string]>([
      ['a negative quantity', () => quoteWith({ quantity: '-2' }), 'lines.1.quantity'],
      ['a zero quantity', () => quoteWith({ quantity: '0.0000' }), 'lines.1.quantity'],
      ['a discount over 100', () => quoteWith({ discountPercent: '100.01' }), 'lines.1.discountPercent'],
      ['a negative tax', () => quoteWith({ taxPercent: '-1' }), 'lines.1.taxPercent'],
      ['a float-like quantity', () => quoteWith({ quantity: '1e3' }), 'lines.1.quantity'],
      ['a line without a price and no price book', () => quoteWith({ unitPrice: undefined }), 'lines.1.unitPrice'],
      ['an inactive product', () => quoteWith({ productId: product['OLD-1'] }), 'lines.1.productId'],
      ['a quote for a lost opportunity', () => quoteWith({}, lostId), 'opportunityId'],
      ['no lines', () => () => createQuote({ opportunityId: openId, lines: [] }), 'lines'],
      [
        'an unknown currency in a price',
        () => () =>
          gql('mutation($i: SetPriceInput!) { setPrice(input: $i) { productId } }', {
            i: { priceBookId, productId: product['SVC-DAY'], unitPrice: { amount: '1', currency: 'EUX' } },
          }),
        'unitPrice.currency',
      ],
      [
        'a malformed valid-until date',
        () => () => createQuote({ opportunityId: openId, validUntil: '2027-13-01', lines: [line({})] }),
        'validUntil',
      ],
    ])('%s', async (_case, call, field) => {
      const before = await api.footprint(QUOTE_TABLES);
      const res = (await call()()) as { errors?: { extensions?: unknown }[] };
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await api.footprint(QUOTE_TABLES)).toEqual(before);
    });
  });

  it('answers NOT_FOUND for unknown opportunities, products, price books and quotes, writing nothing', async () => {
    const { id } = await newOpportunity();
    const before = await api.footprint(QUOTE_TABLES);
    const results = await Promise.all([
      createQuote({ opportunityId: MISSING_ID, lines: [{ productId: product['LIC-PRO'], quantity: '1', unitPrice: '1' }] }),
      createQuote({ opportunityId: id, lines: [{ productId: MISSING_ID, quantity: '1', unitPrice: '1' }] }),
      createQuote({ opportunityId: id, priceBookId: MISSING_ID, lines: [{ productId: product['LIC-PRO'], quantity: '1' }] }),
      setStatus(MISSING_ID, 'SENT'),
      gql('mutation($i: SetPriceInput!) { setPrice(input: $i) { productId } }', {
        i: { priceBookId: MISSING_ID, productId: product['SVC-DAY'], unitPrice: { amount: '1', currency: 'EUR' } },
      }),
    ]);
    for (const res of results) expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(await api.footprint(QUOTE_TABLES)).toEqual(before);
  });

  it('lists quotes filtered by opportunity and status, largest total first', async () => {
    const opp = await newOpportunity();
    for (const price of ['10', '30', '20']) {
      await createQuote({ opportunityId: opp.id, lines: [{ productId: product['LIC-PRO'], quantity: '1', unitPrice: price }] });
    }
    type Page = { quotes: { edges: { node: { total: { amount: string } } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const page = (after?: string) =>
      api.ok<Page>(
        'query($f: QuoteFilter, $after: String) { quotes(first: 2, sort: TOTAL_DESC, filter: $f, after: $after) { edges { node { total { amount } } } pageInfo { endCursor hasNextPage } } }',
        { f: { opportunityId: opp.id, status: 'DRAFT' }, after },
      );
    const one = await page();
    const two = await page(one.quotes.pageInfo.endCursor);
    expect([...one.quotes.edges, ...two.quotes.edges].map((e) => e.node.total.amount)).toEqual(['30.00', '20.00', '10.00']);
    expect(two.quotes.pageInfo.hasNextPage).toBe(false);
  });
});
