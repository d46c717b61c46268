import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const LINE_TABLES = ['opportunity', 'opportunity_line'];
const DEAL = `id amount { amount currency } amountSetByHand
  lines { position productId description quantity unitPrice { amount currency } discountPercent net { amount } }`;

interface Deal {
  id: string;
  amount: { amount: string; currency: string };
  amountSetByHand: boolean;
  lines: { position: number; productId: string; description: string; quantity: string; discountPercent: string; net: { amount: string } }[];
}

describe('products on the deal (opportunity lines)', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const product: Record<string, string> = {};
  let priceBookId: string;

  const setLines = (input: Record<string, unknown>) =>
    sales.gql<{ setOpportunityLines: Deal }>(`mutation($i: SetOpportunityLinesInput!) { setOpportunityLines(input: $i) { ${DEAL} } }`, {
      i: input,
    });
  const update = (input: Record<string, unknown>) =>
    api.ok<{ updateOpportunity: Deal }>(`mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { ${DEAL} } }`, { i: input });
  const deal = async (amount = '100.00') => {
    const customerId = await api.createCustomer(`Lines ${Math.random()}`);
    return (await api.createOpportunity({ customerId, amount: { amount, currency: 'EUR' } })).id;
  };

  beforeAll(async () => {
    for (const [sku, name] of [
      ['seat', 'Seat licence'],
      ['onboarding', 'Onboarding day'],
      ['retired', 'Retired gadget'],
    ]) {
      product[sku!] = (
        await api.ok<{ createProduct: { id: string } }>('mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
          i: { sku, name },
        })
      ).createProduct.id;
    }
    await api.ok('mutation($i: SetProductActiveInput!) { setProductActive(input: $i) { active } }', {
      i: { id: product.retired, active: false },
    });
    priceBookId = (await api.ok<{ createPriceBook: { id: string } }>('mutation { createPriceBook(input: { name: "Deals" }) { id } }'))
      .createPriceBook.id;
    await api.ok('mutation($i: SetPriceInput!) { setPrice(input: $i) { unitPrice { amount } } }', {
      i: { priceBookId, productId: product.seat, unitPrice: { amount: '19.99', currency: 'EUR' } },
    });
  });

  it('prices lines exactly, from the input or the price book, and the amount follows them', async () => {
    const id = await deal();
    const res = await setLines({
      opportunityId: id,
      priceBookId,
      lines: [
        // 3 × 19.99 = 59.97, less 10 % = 53.973 → 53.97
        { productId: product.seat, quantity: '3', discountPercent: '10' },
        { productId: product.onboarding, quantity: '0.5', unitPrice: '1200.10' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.setOpportunityLines).toEqual({
      id,
      amount: { amount: '654.02', currency: 'EUR' },
      amountSetByHand: false,
      lines: [
        {
          position: 0,
          productId: product.seat,
          description: 'Seat licence',
          quantity: '3',
          unitPrice: { amount: '19.99', currency: 'EUR' },
          discountPercent: '10',
          net: { amount: '53.97' },
        },
        {
          position: 1,
          productId: product.onboarding,
          description: 'Onboarding day',
          quantity: '0.5',
          unitPrice: { amount: '1200.10', currency: 'EUR' },
          discountPercent: '0',
          net: { amount: '600.05' },
        },
      ],
    });
    // The updated event carries the new lines.
    const [event] = await sales.sql<{ data: { changed: string[]; changes: { field: string }[]; lines: unknown[] } }>(
      `SELECT data FROM outbox WHERE type = 'crm.sales.opportunity.updated.v2' AND data->>'opportunityId' = $1 ORDER BY seq DESC LIMIT 1`,
      [id],
    );
    expect(event!.data.changed).toEqual(['amount', 'lines']);
    // The lines are named without values: the event carries the new ones.
    expect(event!.data.changes.map((c) => c.field)).toEqual(['amount']);
    expect(event!.data.lines).toHaveLength(2);
  });

  it('keeps an amount set by hand when the lines change, until it follows the lines again', async () => {
    const id = await deal();
    await setLines({ opportunityId: id, lines: [{ productId: product.seat, quantity: '2', unitPrice: '50' }] });
    const byHand = await update({ id, amount: { amount: '90', currency: 'EUR' } });
    expect(byHand.updateOpportunity).toMatchObject({ amount: { amount: '90.00' }, amountSetByHand: true });
    const changed = await setLines({ opportunityId: id, lines: [{ productId: product.seat, quantity: '4', unitPrice: '50' }] });
    expect(changed.data!.setOpportunityLines).toMatchObject({ amount: { amount: '90.00' }, amountSetByHand: true });
    const follows = await update({ id, amountFollowsLines: true });
    expect(follows.updateOpportunity).toMatchObject({ amount: { amount: '200.00' }, amountSetByHand: false });
  });

  it('keeps the amount a deal was opened with while it has no lines', async () => {
    const id = await deal('1234.00');
    const res = await setLines({ opportunityId: id, lines: [] });
    expect(res.data!.setOpportunityLines).toMatchObject({ amount: { amount: '1234.00' }, lines: [] });
  });

  it('replaces the lines and the amount with an accepted quote', async () => {
    const id = await deal();
    await setLines({ opportunityId: id, lines: [{ productId: product.seat, quantity: '1', unitPrice: '10' }] });
    await update({ id, amount: { amount: '5000', currency: 'EUR' } });
    const quote = await api.ok<{ createQuote: { id: string } }>('mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id } }', {
      i: {
        opportunityId: id,
        lines: [{ productId: product.onboarding, quantity: '2', unitPrice: '1000', discountPercent: '5', taxPercent: '20' }],
      },
    });
    for (const status of ['SENT', 'ACCEPTED']) {
      await api.ok('mutation($i: ChangeQuoteStatusInput!) { changeQuoteStatus(input: $i) { status } }', {
        i: { id: quote.createQuote.id, status },
      });
    }
    const after = await api.ok<{ opportunity: Deal }>(`query($id: ID!) { opportunity(id: $id) { ${DEAL} } }`, { id });
    // The subtotal before tax: 2 × 1000 less 5 %.
    expect(after.opportunity).toMatchObject({
      amount: { amount: '1900.00' },
      amountSetByHand: false,
      lines: [{ position: 0, productId: product.onboarding, quantity: '2', discountPercent: '5', net: { amount: '1900.00' } }],
    });
  });

  describe('refuses, naming the field and writing nothing', () => {
    let id: string;
    beforeAll(async () => {
      id = await deal();
    });
    const refused = async (input: Record<string, unknown>) => {
      const before = await api.footprint(LINE_TABLES);
      const res = await setLines({ opportunityId: id, ...input });
      expect(await api.footprint(LINE_TABLES)).toEqual(before);
      expect(res.errors).toHaveLength(1);
      return res.errors![0]!.extensions;
    };

    it.each([
      ['a negative quantity', { productId: 'seat', quantity: '-1', unitPrice: '1' }, 'lines.1.quantity'],
      ['a quantity of 0', { productId: 'seat', quantity: '0', unitPrice: '1' }, 'lines.1.quantity'],
      ['a negative unit price', { productId: 'seat', quantity: '1', unitPrice: '-0.01' }, 'lines.1.unitPrice'],
      ['a discount over 100', { productId: 'seat', quantity: '1', unitPrice: '1', discountPercent: '100.5' }, 'lines.1.discountPercent'],
      ['a float-like quantity', { productId: 'seat', quantity: '1e3', unitPrice: '1' }, 'lines.1.quantity'],
      ['no price and no price book', { productId: 'onboarding', quantity: '1' }, 'lines.1.unitPrice'],
      ['an inactive product', { productId: 'retired', quantity: '1', unitPrice: '1' }, 'lines.1.productId'],
    ])('%s', async (_, line, field) => {
      const ok = { productId: product.seat, quantity: '1', unitPrice: '1' };
      const bad = { ...line, productId: product[line.productId] };
      expect(await refused({ lines: [ok, bad] })).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('an unknown product or opportunity', async () => {
      expect(await refused({ lines: [{ productId: MISSING_ID, quantity: '1', unitPrice: '1' }] })).toMatchObject({ code: 'NOT_FOUND' });
      const res = await setLines({ opportunityId: MISSING_ID, lines: [] });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'opportunityId' });
    });

    it('amountFollowsLines together with an amount', async () => {
      const res = await sales.gql('mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { id } }', {
        i: { id, amount: { amount: '1', currency: 'EUR' }, amountFollowsLines: true },
      });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountFollowsLines' });
    });
  });
});
