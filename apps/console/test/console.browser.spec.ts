import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ADMIN,
  asPartner,
  chromiumPath,
  eventually,
  graphqlClient,
  launchChromium,
  startTestStack,
  testSigningKey,
  testToken,
  type Caller,
  type Gql,
  type TestStack,
} from '@crm/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { BAR_COLOUR } from '../src/dashboard/bar-colour';
import { formatDate, label, money } from '../src/format/format';
import { CONSOLE_DIST, drag, ensureConsoleBuilt, openAs, reloadSignedIn, screenshot, seriousA11yViolations, signIn } from './browser';
import { startTestIdentityProvider, type TestIdentityProvider, type TestUser } from './test-identity-provider';

/**
 * The console in a real Chromium against a real stack (every subgraph and the gateway as
 * processes, serving the built console), one stack and one browser for the whole file.
 */
describe('the console in a browser', () => {
  let stack: TestStack;
  /** Launched while the stack starts; closed after the tests even when the start failed. */
  let browser: Promise<Browser> | undefined;
  let context: BrowserContext;
  let base: string;
  let admin: Gql;
  let keyDir: string;
  /** The organisation's identity provider, whose issuer the whole stack verifies, as in production. */
  let idp: TestIdentityProvider | undefined;
  /** The console on a gateway that signs in through the identity provider only (no development sign-in). */
  let oidcBase: string;
  const run = Math.random().toString(36).slice(2, 8);
  const seeded = {
    customerId: '',
    customerName: `Browser Test ${run}`,
    industry: `Browser industry ${run}`,
    dealId: '',
    /** The seeded customer's case, with a reply and an internal note; and another customer's case. */
    caseId: '',
    otherCaseId: '',
    /** The seeded customer's RETURN case about the toner; another customer's return. */
    returnCaseId: '',
    otherReturnId: '',
    /** A customer whose deals no page looks for: the ones given to the sales rep to notify it go there. */
    basketCustomerId: '',
    partners: { a: { id: '', name: `Partner A ${run}` }, b: { id: '', name: `Partner B ${run}` } },
    partnerDeals: { a: '', b: '' },
    stages: [] as { id: string; name: string; outcome: string }[],
    freshCustomerName: `Initrode ${run}`,
    leadEmail: `lena-${run}@leadco.example`,
    leadName: `Lena Lead ${run}`,
    campaignName: `Spring launch ${run}`,
    products: { toner: { id: '', name: `Toner cartridge ${run}` }, drum: { id: '', name: `Drum unit ${run}` } },
    /** Two leads routed to partner A, one to accept and one to decline. */
    offers: [
      { name: `Olga Offer ${run}`, email: `olga-${run}@fjord.example`, company: `Fjord Fisheries ${run}` },
      { name: `Gunnar Offer ${run}`, email: `gunnar-${run}@geysir.example`, company: `Geysir Gear ${run}` },
    ],
  };
  /** A sales rep the identity provider knows. */
  const idpUser: TestUser = {
    username: `sam-${run}`,
    password: `correct horse ${run}`,
    sub: '00000000-0000-4000-a000-0000000051de',
    name: 'Sam Sales',
    email: `sam-${run}@crm.example`,
    roles: ['sales'],
  };
  /** Every token the test mints is the identity provider's issuer's, which the stack verifies. */
  const claims = (c: NonNullable<Caller>): NonNullable<Caller> => ({ ...c, issuer: idp!.issuer });
  const client = (c: NonNullable<Caller>): Gql => graphqlClient(stack.gatewayUrl, claims(c));
  const year = new Date().getUTCFullYear();
  const closeDate = `${year}-12-15`;

  async function must<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await admin<T>(query, variables);
    if (res.errors?.length || !res.data) {
      // An unavailable subgraph's reason is in the gateway's log, not in the answer.
      const why = res.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')
        ? `\n${fs.readFileSync(stack.gatewayLog, 'utf8').split('\n').slice(-5).join('\n')}`
        : '';
      throw new Error(`seed: ${JSON.stringify(res.errors)}${why}`);
    }
    return res.data;
  }

  beforeAll(async () => {
    chromiumPath(); // fails at once, saying how to get one, when there is no Chromium
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dev-key-'));
    const devKey = path.join(keyDir, 'private.jwk.json');
    const signingKey = (await testSigningKey()).key.privateJwk;
    fs.writeFileSync(devKey, JSON.stringify(signingKey));
    // First, so that the stack starts on its issuer. It signs with the key the stack's subgraphs
    // verify with (their JWKS file), and publishes it at the JWKS URL its own gateway verifies with.
    idp = await startTestIdentityProvider({ signingKey, audience: 'crm', users: [idpUser] });
    // Vite, the stack and Chromium start side by side: each mostly waits on something else.
    const built = ensureConsoleBuilt();
    browser = launchChromium();
    // Either may fail while the stack starts: it is reported where it is awaited, not as an unhandled rejection.
    for (const started of [built, browser]) started.catch(() => undefined);
    // The browser waits for what it needs, so a slow machine may answer slowly; the gateway's
    // timeouts are other specs' subject, not this one's.
    stack = await startTestStack({
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '15000', AUTH_ISSUER: idp.issuer },
      subgraphEnv: { AUTH_ISSUER: idp.issuer },
    });
    admin = client(ADMIN);
    // The data is seeded through the stack's own gateway while Vite may still build; the console's
    // gateway (on the same subgraphs) starts once the build it serves is there.
    const consoleGateway = built.then(() => stack.startGateway({ env: { AUTH_DEV_SIGNING_KEY_FILE: devKey, CONSOLE_DIR: CONSOLE_DIST } }));
    // The console as production serves it: sign-in through the identity provider, tokens verified
    // against its JWKS URL (which turns the development sign-in off, key file or not).
    const oidcGateway = built.then(() =>
      stack.startGateway({
        env: {
          AUTH_JWKS_URL: idp!.jwksUrl,
          AUTH_DEV_SIGNING_KEY_FILE: devKey,
          OIDC_ISSUER_URL: idp!.issuer,
          OIDC_CLIENT_ID: 'crm-console',
          OIDC_SCOPE: 'openid profile email crm',
          CONSOLE_DIR: CONSOLE_DIST,
        },
      }),
    );
    await Promise.all([
      seed(),
      consoleGateway.then((g) => (base = g.url.replace(/\/graphql$/, ''))),
      oidcGateway.then((g) => {
        oidcBase = g.url.replace(/\/graphql$/, '');
        idp!.serve({ clientId: 'crm-console', origin: oidcBase });
      }),
    ]);
    // One context for the file: the bundle is fetched and compiled once, and every page still signs
    // in afresh (the session lives in a page's memory only). axe-core is injected as an inline
    // script, which the console's CSP (rightly) forbids.
    context = await (await browser).newContext({ viewport: { width: 1600, height: 1000 }, bypassCSP: true });
  }, 600_000);

  /** Everything the pages are checked against, created through the API, each step as soon as what it needs exists. */
  async function seed(): Promise<void> {
    // Every subgraph answers through the gateway before anything is created: a first answer of a
    // cold subgraph on a loaded machine can miss the 3 s subgraph timeout, and only a read is safe to ask again.
    await eventually(
      () =>
        must(
          'query { pipelines { id } partners(first: 1) { edges { cursor } } cases(first: 1) { edges { cursor } } leads(first: 1) { edges { cursor } } olapCatalogue { name } }',
        ),
      60_000,
      500,
    );
    const createCustomer = (i: Record<string, unknown>) =>
      must<{ createCustomer: { id: string } }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i }).then(
        (d) => d.createCustomer.id,
      );
    const createPartner = (name: string) =>
      must<{ createPartner: { id: string } }>('mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }', {
        i: { name },
      }).then((d) => d.createPartner.id);
    // Service checks the customer (and a product) with sales before it writes anything; on a loaded machine sales
    // may not answer in time, and nothing is written ("try again"): that refusal alone is asked again.
    const openCase = async (customerId: string, subject: string, priority: string, more: Record<string, unknown> = {}) => {
      const open = () =>
        admin<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
          i: { customerId, subject, priority, ...more },
        });
      const res = await eventually(
        async () => {
          const answer = await open();
          const refusal = answer.errors?.[0]?.extensions;
          if (refusal?.code === 'SERVICE_UNAVAILABLE' && (refusal.field === 'customerId' || refusal.field === 'productId'))
            throw new Error(answer.errors![0]!.message);
          return answer;
        },
        30_000,
        500,
      );
      if (res.errors?.length || !res.data) throw new Error(`seed: ${JSON.stringify(res.errors)}`);
      return res.data.openCase.id;
    };
    const deal = (name: string, partnerId?: string, customerId = seeded.customerId) =>
      must<{ createOpportunity: { id: string } }>('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
        i: {
          customerId,
          name,
          amount: { amount: '12500.50', currency: 'EUR' },
          closeDate,
          ...(partnerId ? { partnerId } : {}),
        },
      }).then((d) => d.createOpportunity.id);

    const createProduct = (sku: string, name: string) =>
      must<{ createProduct: { id: string } }>('mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
        i: { sku, name },
      }).then((d) => d.createProduct.id);
    /** A deal won with these products: a basket cross-sell's association rules are mined from. */
    const wonWith = async (customerId: string, name: string, products: string[]) => {
      const id = await deal(name, undefined, customerId);
      await must('mutation($i: SetOpportunityLinesInput!) { setOpportunityLines(input: $i) { id } }', {
        i: { opportunityId: id, lines: products.map((productId) => ({ productId, quantity: '1', unitPrice: '100.00' })) },
      });
      await must('mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { id } }', { i: { id, reason: 'Signed' } });
    };

    const [pipelines, partnerA, partnerB, customerId, freshId, basketId, toner, drum] = await Promise.all([
      must<{ pipelines: { stages: { id: string; name: string; outcome: string }[] }[] }>(
        'query { pipelines { stages { id name outcome } } }',
      ),
      createPartner(seeded.partners.a.name),
      createPartner(seeded.partners.b.name),
      // An industry no other customer has: the segment built in the browser holds this customer alone.
      createCustomer({ name: seeded.customerName, domain: `browser-${run}.example.com`, industry: seeded.industry, size: 'LARGE' }),
      // A customer of partner A's with no open deal: a registration can be approved on it.
      createCustomer({ name: seeded.freshCustomerName }),
      // Another customer's won deal holds both products: the seeded customer, who has the toner, is offered the drum.
      createCustomer({ name: `Basket Co ${run}` }),
      createProduct(`TONER-${run}`, seeded.products.toner.name),
      createProduct(`DRUM-${run}`, seeded.products.drum.name),
    ]);
    seeded.products.toner.id = toner;
    seeded.products.drum.id = drum;
    seeded.stages = pipelines.pipelines[0]!.stages;
    seeded.partners.a.id = partnerA;
    seeded.partners.b.id = partnerB;
    seeded.customerId = customerId;
    seeded.basketCustomerId = basketId;
    await Promise.all([
      // Marketing's first answer can miss the stack's 3 s subgraph timeout on a loaded machine; a
      // capture is idempotent by email (a repeat updates the same lead), so it is asked again.
      eventually(
        () =>
          must<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
            i: { email: seeded.leadEmail, name: seeded.leadName, company: `Leadco ${run}`, source: 'EVENT', customerId: basketId },
          }),
        30_000,
        500,
      ).then(async ({ captureLead }) => {
        // The lead joins a campaign, then its customer gets a deal: the campaign is credited with that pipeline.
        const { createCampaign } = await must<{ createCampaign: { id: string } }>(
          'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
          { i: { name: seeded.campaignName, type: 'EMAIL', status: 'ACTIVE' } },
        );
        await must('mutation($i: AddCampaignMembersInput!) { addCampaignMembers(input: $i) { added } }', {
          i: { campaignId: createCampaign.id, people: [{ kind: 'LEAD', id: captureLead.id }] },
        });
        await deal(`Campaign deal ${run}`, undefined, basketId);
      }),
      // The customer's own lead, for its 360's Leads section.
      eventually(
        () =>
          must('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
            i: { email: `lars-${run}@browser.example`, name: `Lars Lead ${run}`, source: 'WEB_FORM', customerId },
          }),
        30_000,
        500,
      ),
      // Notes enough for a timeline of more than two pages, so that scrolling loads another; on the
      // basket customer's, so that the seeded customer's own entries stay on its first page.
      // One at a time: forty at once would crowd sales while the other steps need it.
      (async () => {
        for (let i = 0; i < 40; i++) {
          await must('mutation($i: CreateNoteInput!) { createNote(input: $i) { id } }', {
            i: { recordType: 'CUSTOMER', recordId: basketId, body: `<p>Call note ${i} ${run}</p>` },
          });
        }
      })(),
      ...[
        ['Ada', 'Lovelace'],
        ['Grace', 'Hopper'],
      ].map(([firstName, lastName]) =>
        must('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', { i: { customerId, firstName, lastName } }),
      ),
      (async () => {
        seeded.caseId = await openCase(customerId, `Printer on fire ${run}`, 'HIGH');
        // One after the other: the thread shows them in this order.
        for (const [body, internal] of [
          [`We are looking into it ${run}`, false],
          [`Grumpy customer, go gently ${run}`, true],
        ] as const) {
          await must('mutation($i: PostCaseMessageInput!) { postCaseMessage(input: $i) { id } }', {
            i: { caseId: seeded.caseId, body, internal },
          });
        }
      })(),
      openCase(freshId, `Initrode's own case ${run}`, 'LOW').then((id) => (seeded.otherCaseId = id)),
      (async () => {
        // Urgent cases get an hour to the first reply, around the clock.
        const { createBusinessCalendar } = await must<{ createBusinessCalendar: { id: string } }>(
          'mutation($i: CreateBusinessCalendarInput!) { createBusinessCalendar(input: $i) { id } }',
          { i: { name: `Always ${run}`, timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] } },
        );
        await must('mutation($i: SetSlaPolicyInput!) { setSlaPolicy(input: $i) { priority } }', {
          i: { priority: 'URGENT', calendarId: createBusinessCalendar.id, firstResponseMinutes: 60, resolutionMinutes: 480 },
        });
      })(),
      ...[customerId, freshId].map((id) =>
        must('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', { i: { partnerId: partnerA, customerId: id } }),
      ),
      deal(`Fleet renewal ${run}`).then((id) => (seeded.dealId = id)),
      wonWith(customerId, `Spares ${run}`, [toner]),
      wonWith(basketId, `Basket ${run}`, [toner, drum]),
      // An open urgent case weighs in the churn score.
      openCase(customerId, `Paper tray stuck ${run}`, 'URGENT'),
      // A return case about the toner, for the portal's return; another customer's return, never to be seen there.
      openCase(customerId, `Leaking toner ${run}`, 'MEDIUM', { type: 'RETURN', productId: toner }).then((id) => (seeded.returnCaseId = id)),
      (async () => {
        const caseId = await openCase(freshId, `Initrode's return ${run}`, 'LOW', { type: 'RETURN', productId: toner });
        const { requestReturn } = await must<{ requestReturn: { id: string } }>(
          'mutation($i: RequestReturnInput!) { requestReturn(input: $i) { id } }',
          { i: { caseId, items: [{ quantity: 1, reason: 'Wrong colour', condition: 'UNOPENED' }] } },
        );
        seeded.otherReturnId = requestReturn.id;
      })(),
      deal(`A's deal ${run}`, partnerA).then((id) => (seeded.partnerDeals.a = id)),
      (async () => {
        // Iceland's qualified leads are offered to partner A alone (B covers elsewhere).
        for (const [id, territory] of [
          [partnerA, ['IS']],
          [partnerB, ['AU']],
        ] as const) {
          await must('mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { id } }', { i: { id, territory, status: 'ACTIVE' } });
        }
        await must('mutation($i: CreateLeadDistributionRuleInput!) { createLeadDistributionRule(input: $i) { id } }', {
          i: { name: `Iceland ${run}`, priority: 0, territory: ['IS'], capacity: 5, acceptWithinSeconds: 3600 },
        });
        for (const { name, email, company } of seeded.offers) {
          const { captureLead } = await eventually(
            () =>
              must<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
                i: { email, name, company, source: 'WEB_FORM' },
              }),
            30_000,
            500,
          );
          const leadId = captureLead.id;
          await must('mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }', { i: { id: leadId, country: 'IS' } });
          await must('mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { id } }', { i: { leadId, status: 'QUALIFIED' } });
          await must('mutation($i: RouteLeadToPartnersInput!) { routeLeadToPartners(input: $i) { id } }', { i: { leadId } });
        }
      })(),
      deal(`B's deal ${run}`, partnerB).then((id) => (seeded.partnerDeals.b = id)),
    ]);
    // The timeline is analytics' read model, fed by events: wait until it has the case.
    await eventually(async () => {
      const res = await admin<{ customer: { timeline: { edges: unknown[] } } }>(
        'query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { cursor } } } }',
        { id: seeded.customerId },
      );
      if ((res.data?.customer.timeline.edges.length ?? 0) < 3) throw new Error('timeline not built yet');
    }, 30_000);
  }

  afterAll(async () => {
    await (await browser?.catch(() => undefined))?.close();
    await stack?.stop();
    await idp?.close();
    if (keyDir) fs.rmSync(keyDir, { recursive: true, force: true });
  });

  let page: Page;
  beforeEach(async () => {
    page = await context.newPage();
  });
  afterEach(async () => {
    await page?.close();
  });

  it('signs a sales rep in and shows a customer’s contacts, deals, cases, partners and timeline; an ended session goes back to sign-in', async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: 'Sales rep' }).waitFor();
    await screenshot(page, 'sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sales rep' }).click();
    await page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).waitFor();
    await screenshot(page, 'customers');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The list as the API answers for each filter and sort: this run's customers, newest first, then by
    // name; saved as a view, then picked after a reload from a bare /customers; then only the large ones.
    const apiNames = async (f: Record<string, unknown>, sort = 'CREATED_AT_DESC') =>
      (
        await client({ roles: ['sales'] })<{ customers: { edges: { node: { name: string } }[] } }>(
          'query($f: CustomerFilter, $sort: CustomerSort!) { customers(filter: $f, sort: $sort, first: 100) { edges { node { name } } } }',
          { f, sort },
        )
      ).data!.customers.edges.map((e) => e.node.name);
    const customerTable = page.getByRole('table', { name: 'Customers' });
    // The rows before a change may still be on screen for a moment: wait for the new ones.
    const expectRows = async (names: string[]) =>
      eventually(async () => expect(await customerTable.getByRole('link').allInnerTexts()).toEqual(names), 15_000);
    await page.getByRole('textbox', { name: 'Search by name' }).fill(run);
    await page.waitForURL(new RegExp(`[?&]q=${run}`));
    const newest = await apiNames({ nameContains: run });
    expect(newest.length).toBeGreaterThan(1);
    await expectRows(newest);
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Name', exact: true }).click();
    await page.waitForURL(/[?&]sort=NAME_ASC/);
    const byName = await apiNames({ nameContains: run }, 'NAME_ASC');
    expect(byName).toEqual([...newest].sort((x, y) => x.localeCompare(y)));
    await expectRows(byName);
    await page.getByRole('button', { name: 'Save view' }).click();
    const saveDialog = page.getByRole('dialog', { name: 'Save view' });
    await saveDialog.getByRole('textbox', { name: 'View name' }).fill(`This run ${run}`);
    await saveDialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/[?&]view=/);
    await openAs(page, `${base}/customers`, 'Sales rep');
    await page.getByRole('combobox', { name: 'Saved view' }).click();
    await page.getByRole('option', { name: `This run ${run}` }).click();
    await page.waitForURL(new RegExp(`[?&]q=${run}`));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('NAME_ASC');
    await expectRows(byName);
    // The pills' box over the input takes the click, and opens the list.
    await page.getByRole('combobox', { name: 'Size', exact: true }).click({ force: true });
    await page.getByRole('option', { name: 'Large', exact: true }).click();
    await page.waitForURL(/[?&]size=LARGE/);
    const large = await apiNames({ nameContains: run, sizes: ['LARGE'] }, 'NAME_ASC');
    expect(large).toEqual([seeded.customerName]);
    await expectRows(large);
    await page.getByRole('textbox', { name: 'Search by name' }).fill('');

    await page.getByRole('textbox', { name: 'Search by name' }).fill(seeded.customerName);
    await page.getByRole('link', { name: seeded.customerName }).click();
    await page.waitForURL(`**/customers/${seeded.customerId}`);
    const section = (name: string) => page.getByRole('region', { name });
    await expectVisible(section('Contacts').getByText('Ada Lovelace'));
    await expectVisible(section('Contacts').getByText('Grace Hopper'));
    await expectVisible(section('Deals').getByRole('link', { name: `Fleet renewal ${run}` }));
    await expectVisible(section('Cases').getByText(`Printer on fire ${run}`));
    await expectVisible(section('Partners').getByText(seeded.partners.a.name));
    const leads = await must<{ customer: { leads: { name: string; email: string; source: string; status: string }[] } }>(
      'query($id: ID!) { customer(id: $id) { leads { name email source status } } }',
      { id: seeded.customerId },
    );
    expect(leads.customer.leads.map((l) => l.name)).toEqual([`Lars Lead ${run}`]);
    expect(await section('Leads').getByRole('paragraph').allInnerTexts()).toEqual(
      leads.customer.leads.map((l) => `${l.name} <${l.email}> · ${label(l.source)} · ${label(l.status)}`),
    );
    const entries = section('Timeline').getByRole('listitem');
    await entries.first().waitFor();
    expect(await entries.count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'customer-360');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Infinite scroll: scrolling to the end of the timeline loads the next page, entries in the API's
    // order, none twice. Its every note is in the read model first, so the timeline holds still meanwhile.
    const timeline = await eventually(async () => {
      const res = await admin<{ customer: { timeline: { edges: { node: { id: string; type: string } }[] } } }>(
        'query($id: ID!) { customer(id: $id) { timeline(first: 100) { edges { node { id type } } } } }',
        { id: seeded.basketCustomerId },
      );
      const found = res.data?.customer.timeline.edges.map((e) => e.node) ?? [];
      if (found.filter((e) => e.type === 'NOTE_ADDED').length < 40) throw new Error('the notes are not all on the timeline yet');
      return found;
    }, 30_000);
    expect(timeline.length).toBeGreaterThan(40);
    // The basket customer's 360, reached from the list as a person would (the session is in memory).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('textbox', { name: 'Search by name' }).fill(`Basket Co ${run}`);
    await page.getByRole('link', { name: `Basket Co ${run}` }).click();
    await page.waitForURL(`**/customers/${seeded.basketCustomerId}`);
    const basketEntries = section('Timeline').getByRole('listitem');
    await basketEntries.first().waitFor();
    const shownIds = () => basketEntries.evaluateAll((items) => items.map((li) => li.getAttribute('data-entry')));
    const before = (await shownIds()).length;
    expect([20, 40]).toContain(before);
    await basketEntries.last().scrollIntoViewIfNeeded();
    await eventually(async () => expect((await shownIds()).length).toBeGreaterThan(before), 15_000, 200);
    const shown = await shownIds();
    expect(shown).toEqual(timeline.slice(0, shown.length).map((e) => e.id));
    expect(new Set(shown).size).toBe(shown.length);

    // The session ends (the gateway refuses its token): the next page the rep opens sends it to sign-in.
    // The 360's own queries (a next timeline page the full-page screenshot scrolled to) finish with
    // the good token first, so that it is the click below that meets the refusal.
    await page.waitForLoadState('networkidle');
    const expired = await testToken(claims({ ...ADMIN, expiresInSeconds: -60 }));
    await page.route('**/graphql', (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${expired}` } }),
    );
    await page.getByRole('link', { name: 'Pipeline' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fpipeline/);
  });

  it('signs in through the organisation’s identity provider (authorization code with PKCE), the gateway accepting its tokens, kept in memory only', async () => {
    // What production serves: no development sign-in, the identity provider named instead.
    const devToken = await fetch(`${oidcBase}/console/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(devToken.status).toBe(404);
    // A context of its own, with the console's content-security policy in force: it must let the
    // console call the identity provider's token endpoint.
    const own = await (await browser!).newContext({ viewport: { width: 1600, height: 1000 } });
    try {
      const tab = await own.newPage();
      const bearers: string[] = [];
      tab.on('request', (r) => {
        const auth = r.headers()['authorization'];
        if (new URL(r.url()).pathname === '/graphql' && auth) bearers.push(auth.replace(/^Bearer /, ''));
      });
      await tab.goto(`${oidcBase}/customers/${seeded.customerId}`);
      await tab.waitForURL(/\/sign-in\?next=/);
      await tab.getByRole('button', { name: 'Sign in with your organisation' }).click();
      await tab.waitForURL((u) => u.origin === idp!.issuer);
      // A wrong password is the identity provider's to refuse; the right one comes back.
      await tab.getByRole('textbox', { name: 'Username' }).fill(idpUser.username);
      await tab.getByLabel('Password').fill('wrong');
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await expectVisible(tab.getByRole('alert').getByText('Wrong username or password.'));
      await tab.getByRole('textbox', { name: 'Username' }).fill(idpUser.username);
      await tab.getByLabel('Password').fill(idpUser.password);
      const tokenRequest = tab.waitForRequest((r) => r.url() === `${idp!.issuer}/token` && r.method() === 'POST');
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.waitForURL(`${oidcBase}/customers/${seeded.customerId}`);
      // The page the rep asked for, with what only an accepted token reads.
      await expectVisible(tab.getByRole('region', { name: 'Contacts' }).getByText('Ada Lovelace'));
      await expectVisible(tab.getByRole('region', { name: 'Deals' }).getByRole('link', { name: `Fleet renewal ${run}` }));

      // PKCE: an S256 challenge on the way out, its verifier with the code (a public client has no secret).
      const authorization = idp!.authorizationRequests.at(-1)!;
      expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorization.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      const exchange = new URLSearchParams((await tokenRequest).postData() ?? '');
      expect(exchange.get('grant_type')).toBe('authorization_code');
      expect(exchange.get('code_verifier')).toMatch(/^[\w.~-]{43,128}$/);
      expect(exchange.has('client_secret')).toBe(false);
      // The graph was called with the identity provider's access token, for the rep it knows.
      const token = bearers.at(-1)!;
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      expect(payload).toMatchObject({ iss: idp!.issuer, aud: 'crm', sub: idpUser.sub, roles: ['sales'] });

      // In memory only: nothing in either storage or a cookie of the console's origin holds it.
      const stored = await tab.evaluate(() => ({
        local: Object.entries(localStorage),
        session: Object.entries(sessionStorage),
      }));
      expect(stored).toEqual({ local: [], session: [] });
      expect(await own.cookies(oidcBase)).toEqual([]);
      await screenshot(tab, 'customer-360-oidc');

      // A reload forgets the session: back to sign-in, where the identity provider's own session
      // signs the rep in again without a password.
      await tab.reload();
      await tab.waitForURL(/\/sign-in\?next=/);
      await tab.getByRole('button', { name: 'Sign in with your organisation' }).click();
      await tab.waitForURL(`${oidcBase}/customers/${seeded.customerId}`);
      await expectVisible(tab.getByRole('region', { name: 'Contacts' }).getByText('Ada Lovelace'));
    } finally {
      await own.close();
    }
  });

  it('shows a customer’s churn risk with every reason and its weight, the products to offer next and its loyalty, as the API has them', async () => {
    type Intelligence = {
      churnRisk: {
        score: string;
        reasons: { factor: string; weight: string; signal: string; contribution: string; detail: string }[];
      } | null;
      crossSell: { productId: string; becauseOfProductId: string; support: string; confidence: string; lift: string }[];
    };
    // Both are analytics' read models, fed by events: wait until the urgent case weighs in and the won baskets are mined.
    const { churnRisk: risk, crossSell } = await eventually(async () => {
      const res = await admin<{ customer: { intelligence: Intelligence } }>(
        `query($id: ID!) { customer(id: $id) { intelligence {
          churnRisk { score reasons { factor weight signal contribution detail } }
          crossSell(first: 5) { productId becauseOfProductId support confidence lift } } } }`,
        { id: seeded.customerId },
      );
      const found = res.data?.customer.intelligence;
      const urgent = found?.churnRisk?.reasons.find((r) => r.factor === 'OPEN_URGENT_CASES');
      if (urgent?.contribution !== '0.1250') throw new Error(`the urgent case does not weigh in yet: ${JSON.stringify(res)}`);
      if (!found!.crossSell.some((c) => c.productId === seeded.products.drum.id))
        throw new Error(`no drum offered yet: ${JSON.stringify(res)}`);
      return found!;
    }, 30_000);

    // Loyalty: a programme and an award through the API; the 360 shows the balance the API answers.
    // Earning is in USD, which no seeded deal is in, so no win lands points while the page is checked.
    const marketer = client({ roles: ['marketing'] });
    const programme = await marketer('mutation($i: SetLoyaltyProgrammeInput!) { setLoyaltyProgramme(input: $i) { name } }', {
      i: {
        name: `Browser club ${run}`,
        tiers: [
          { name: 'Bronze', threshold: 0 },
          { name: 'Silver', threshold: 500 },
        ],
        revenuePerPoint: { amount: '10.00', currency: 'USD' },
        pointsPerAttendance: 5,
        tierPeriodDays: 365,
        expiryDays: 730,
      },
    });
    expect(programme.errors).toBeUndefined();
    const awarded = await marketer<{ awardLoyaltyPoints: { balance: number; tier: string | null; nextTier: string | null } }>(
      'mutation($i: LoyaltyPointsInput!) { awardLoyaltyPoints(input: $i) { balance tier nextTier } }',
      { i: { customerId: seeded.customerId, points: 1234, reason: `Conference ${run}` } },
    );
    expect(awarded.errors).toBeUndefined();
    const loyalty = awarded.data!.awardLoyaltyPoints;
    await openAs(page, `${base}/customers/${seeded.customerId}`, 'Sales rep');
    const churn = page.getByRole('region', { name: 'Churn risk' });
    await expectVisible(churn.getByText(`Score ${risk!.score} `, { exact: false }));
    // Every reason, zeros included, strongest first: what it weighs, how strongly it holds, what it adds.
    expect(await bodyRows(churn.getByRole('table', { name: 'Churn reasons' }))).toEqual(
      risk!.reasons.map((r) => [label(r.factor), r.weight, r.signal, r.contribution, r.detail]),
    );
    expect(risk!.reasons.map((r) => r.weight)).toContain('0.2500');

    // Lifetime value and the next 12 months' prediction, per currency, exactly as the API has them.
    type Money = { amount: string; currency: string };
    const value = await admin<{ customer: { intelligence: { lifetimeValue: Money[]; predictedValue12Months: Money[] } } }>(
      `query($id: ID!) { customer(id: $id) { intelligence { lifetimeValue { amount currency } predictedValue12Months { amount currency } } } }`,
      { id: seeded.customerId },
    );
    const { lifetimeValue, predictedValue12Months } = value.data!.customer.intelligence;
    expect(lifetimeValue.length).toBeGreaterThan(0);
    const intelligence = page.getByRole('region', { name: 'Intelligence' });
    await expectVisible(intelligence.getByText('Lifetime value'));
    const rows = Object.fromEntries((await intelligence.getByRole('row').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim())));
    expect(rows['Lifetime value']).toBe(lifetimeValue.map(money).join(' · '));
    expect(rows['Next 12 months (predicted)']).toBe(
      predictedValue12Months.length ? predictedValue12Months.map(money).join(' · ') : 'No win in the last 24 months',
    );

    const offers = page.getByRole('region', { name: 'Cross-sell' }).getByRole('table', { name: 'Products to offer' });
    // Product names come from sales, each after the suggestion: wait for both.
    await expectVisible(offers.getByText(seeded.products.drum.name));
    await expectVisible(offers.getByText(seeded.products.toner.name));
    const drum = crossSell.find((c) => c.productId === seeded.products.drum.id)!;
    expect(await bodyRows(offers)).toContainEqual([
      seeded.products.drum.name,
      seeded.products.toner.name,
      drum.confidence,
      drum.lift,
      drum.support,
    ]);

    // The balance the award answered, the tier and the award among the recent transactions.
    const figures = page.getByRole('region', { name: 'Loyalty' }).getByRole('table', { name: 'Loyalty figures' });
    await expectVisible(figures);
    const shown = Object.fromEntries((await figures.getByRole('row').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim())));
    expect(shown['Balance']).toBe(`${loyalty.balance.toLocaleString('en')} points`);
    expect(shown['Tier']).toBe(loyalty.tier ?? 'None yet');
    const ledger = page.getByRole('region', { name: 'Loyalty' }).getByRole('table', { name: 'Recent loyalty transactions' });
    expect(await bodyRows(ledger)).toContainEqual([expect.any(String), 'Award', '+1234', `Conference ${run}`]);
    await screenshot(page, 'customer-360-churn-cross-sell-loyalty');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows a notification caused through the API in the inbox, marks one read and then all, and keeps the preferences chosen', async () => {
    // The user the development sign-in makes a sales rep: the token's subject.
    const devToken = await fetch(`${base}/console/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'sales' }),
    });
    const { token } = (await devToken.json()) as { token: string };
    const userId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
    const rep = client({ roles: ['sales'], userId });
    // Two deals given to the rep: analytics tells the rep of each. On a customer of their own, so
    // that no other test's figures (the campaign's attributed pipeline) depend on the order tests run in.
    const { createCustomer } = await must<{ createCustomer: { id: string } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
      { i: { name: `Notified Co ${run}` } },
    );
    const given = [`Given deal one ${run}`, `Given deal two ${run}`];
    for (const name of given) {
      await must('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
        i: { customerId: createCustomer.id, name, amount: { amount: '100.00', currency: 'EUR' }, closeDate, ownerId: userId },
      });
    }
    const summaries = given.map((name) => `Opportunity "${name}" was assigned to you`);
    await eventually(async () => {
      const res = await rep<{ myNotifications: { edges: { node: { summary: string } }[] } }>(
        'query { myNotifications(first: 100, unreadOnly: true) { edges { node { summary } } } }',
      );
      const shown = res.data?.myNotifications.edges.map((e) => e.node.summary) ?? [];
      if (!summaries.every((s) => shown.includes(s))) throw new Error(`not notified yet: ${JSON.stringify(res)}`);
    }, 30_000);
    // Counted once both are listed, in a request of its own: beside the list, the count's resolver
    // runs at the same time and may count before the second notification is committed.
    const unread = (await rep<{ unreadNotificationCount: number }>('query { unreadNotificationCount }')).data!.unreadNotificationCount;

    await openAs(page, `${base}/notifications`, 'Sales rep');
    const inbox = page.getByRole('table', { name: 'Notifications' });
    const row = (summary: string) => inbox.getByRole('row').filter({ hasText: summary });
    await expectVisible(row(summaries[0]!).getByText('Unread'));
    await expectVisible(row(summaries[1]!).getByText('Unread'));
    await expectVisible(page.getByRole('status').getByText(`${unread} unread`));
    await expectVisible(page.getByRole('link', { name: `Notifications · ${unread} unread` }));
    await screenshot(page, 'notifications');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await row(summaries[0]!).getByRole('button', { name: 'Mark read' }).click();
    await expectVisible(row(summaries[0]!).getByText(/^Read /));
    await expectVisible(page.getByRole('status').getByText(`${unread - 1} unread`));
    await expectVisible(row(summaries[1]!).getByText('Unread'));
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expectVisible(page.getByRole('status').getByText('0 unread'));
    await expectVisible(row(summaries[1]!).getByText(/^Read /));
    expect(await inbox.getByText('Unread', { exact: true }).count()).toBe(0);
    expect((await rep<{ unreadNotificationCount: number }>('query { unreadNotificationCount }')).data?.unreadNotificationCount).toBe(0);

    // Preferences: each change is the server's at once, and still there after a reload.
    await page.getByRole('link', { name: 'Preferences' }).click();
    await page.waitForURL('**/notifications/preferences');
    const digest = page.getByRole('checkbox', { name: 'Assigned: in the email digest' });
    const inApp = page.getByRole('checkbox', { name: 'Mentioned: in the app', exact: true });
    await digest.waitFor();
    expect([await digest.isChecked(), await inApp.isChecked()]).toEqual([false, true]);
    await digest.check();
    await inApp.uncheck();
    type Prefs = { notificationPreferences: { kind: string; inApp: boolean; emailDigest: boolean }[] };
    await eventually(async () => {
      const prefs = (await rep<Prefs>('query { notificationPreferences { kind inApp emailDigest } }')).data?.notificationPreferences;
      expect(prefs).toEqual(
        expect.arrayContaining([
          { kind: 'ASSIGNED', inApp: true, emailDigest: true },
          { kind: 'MENTIONED', inApp: false, emailDigest: false },
        ]),
      );
    }, 10_000);
    await reloadSignedIn(page, 'Sales rep');
    await digest.waitFor();
    expect([await digest.isChecked(), await inApp.isChecked()]).toEqual([true, false]);
    await screenshot(page, 'notification-preferences');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('opens the record a timeline entry names, and leaves an entry whose record has no page as text', async () => {
    const opened = `Case opened: Printer on fire ${run} (HIGH)`;
    await eventually(async () => {
      const res = await admin<{
        customer: { timeline: { edges: { node: { summary: string; link: { type: string; id: string } | null } }[] } };
      }>('query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { summary link { type id } } } } } }', {
        id: seeded.customerId,
      });
      const entry = res.data?.customer.timeline.edges.find((e) => e.node.summary === opened);
      if (!entry) throw new Error(`no "${opened}" yet`);
      expect(entry.node.link).toEqual({ type: 'Case', id: seeded.caseId });
    }, 30_000);
    await openAs(page, `${base}/customers/${seeded.customerId}`, 'Sales rep');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expectVisible(timeline.getByText('Contact Ada Lovelace added'));
    expect(await timeline.getByRole('link', { name: 'Contact Ada Lovelace added' }).count()).toBe(0);
    // The 360's sections and the timeline arrive apart and move the list as they render. On a busy
    // CI machine one click did not navigate within 30 s, most likely a click on a row that moved
    // under it. The link must still open the case: a click that did not navigate is made again,
    // and one that went elsewhere leaves no link to click, so it fails.
    await eventually(async () => {
      if (!page.url().includes(`/cases/${seeded.caseId}`)) await timeline.getByRole('link', { name: opened }).click({ timeout: 5_000 });
      await page.waitForURL(`**/cases/${seeded.caseId}`, { timeout: 5_000 });
    }, 30_000);
    await expectVisible(page.getByRole('heading', { name: `Printer on fire ${run}` }));
  });

  it('opens a case as a support agent, shows it on the customer’s timeline within 2 s, and keeps replies and notes in its thread', async () => {
    await openAs(page, `${base}/customers/${seeded.customerId}`, 'Support agent');
    const subject = `Screen flickers ${run}`;
    await page.getByRole('region', { name: 'Cases' }).getByRole('button', { name: 'Open a case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open a case' });
    await dialog.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await dialog.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: 'Urgent' }).click();
    await dialog.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const opened = Date.now();
    const caseId = page.url().split('/').pop()!;

    // The timeline has the case within 2 s of its opening (analytics builds it from the case's
    // event), and the customer's page shows it.
    const summary = `Case opened: ${subject} (URGENT)`;
    await eventually(
      async () => {
        const res = await admin<{ customer: { timeline: { edges: { node: { summary: string } }[] } } }>(
          'query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { summary } } } } }',
          { id: seeded.customerId },
        );
        if (!res.data?.customer.timeline.edges.some((e) => e.node.summary === summary)) throw new Error(`no "${summary}" yet`);
      },
      2_000 - (Date.now() - opened),
    );
    await page.getByRole('link', { name: seeded.customerName }).click();
    await page.waitForURL(`**/customers/${seeded.customerId}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expectVisible(timeline.getByText(summary));

    await page.getByRole('region', { name: 'Cases' }).getByRole('link', { name: subject }).click();
    await page.waitForURL(`**/cases/${caseId}`);
    await expectVisible(page.getByRole('heading', { name: subject }));
    const sla = page.getByRole('group', { name: 'SLA' });
    await expectVisible(sla.getByText(/First response: due in (1 h|59 min)/));
    await expectVisible(sla.getByText(/Resolution: due in (8 h|7 h 59 min)/));

    // A reply and an internal note, each told apart in the thread; the reply meets the first-response target.
    const thread = page.getByRole('region', { name: 'Thread' });
    await page.getByRole('textbox', { name: 'Reply to the customer' }).fill('We are on it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expectVisible(thread.getByRole('article', { name: 'Reply' }).getByText('We are on it.'));
    await page.getByRole('checkbox', { name: /Internal note/ }).check();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('Probably the cable.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expectVisible(thread.getByRole('article', { name: 'Internal note' }).getByText('Probably the cable.'));
    await expectVisible(sla.getByText('First response: met'));

    // A move the workflow refuses says which moves it allows, beside the field.
    const moveTo = async (status: string) => {
      await page.getByRole('combobox', { name: 'Move to' }).click();
      await page.getByRole('option', { name: status, exact: true }).click();
      await page.getByRole('button', { name: 'Move', exact: true }).click();
    };
    await moveTo('Resolved');
    await expectVisible(page.getByRole('group', { name: 'Status and priority' }).getByText('Resolved'));
    await moveTo('Pending');
    await expectVisible(page.getByText(/from RESOLVED it can move to OPEN, CLOSED/));
    await screenshot(page, 'case');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The queue lists it, with a link to it.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForURL('**/cases');
    const row = page.getByRole('table', { name: 'Cases' }).getByRole('row').filter({ hasText: subject });
    await expectVisible(row.getByRole('link', { name: subject }));
    expect(await row.getByRole('link', { name: subject }).getAttribute('href')).toBe(`/cases/${caseId}`);
    await screenshot(page, 'case-queue');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('moves a deal to the next stage by dragging it, and shows the move in its stage history and its quote’s exact totals after a reload', async () => {
    // A quote whose totals a float would get wrong: 3 × 19.99 less 10 % is 53.973 (53.97 once rounded,
    // half up, per line), 7 × 0.10 is 0.7000000000000001 in binary floating point.
    type Money = { amount: string; currency: string };
    type Line = { description: string; quantity: string; discountPercent: string; taxPercent: string; unitPrice: Money };
    const { createQuote: quote } = await must<{
      createQuote: { number: string; subtotal: Money; tax: Money; total: Money; lines: Line[] };
    }>(
      `mutation($i: CreateQuoteInput!) { createQuote(input: $i) {
        number subtotal { amount currency } tax { amount currency } total { amount currency }
        lines { description quantity discountPercent taxPercent unitPrice { amount currency } } } }`,
      {
        i: {
          opportunityId: seeded.dealId,
          lines: [
            { productId: seeded.products.toner.id, quantity: '3', unitPrice: '19.99', discountPercent: '10', taxPercent: '20' },
            { productId: seeded.products.drum.id, quantity: '7', unitPrice: '0.10' },
          ],
        },
      },
    );
    expect([quote.subtotal, quote.tax, quote.total]).toEqual(['54.67', '10.79', '65.46'].map((amount) => ({ amount, currency: 'EUR' })));
    // The customer's two contacts on the deal, each in its own role; the page shows them as the API answers.
    const { customer } = await must<{ customer: { contacts: { id: string }[] } }>(
      'query($id: ID!) { customer(id: $id) { contacts { id } } }',
      {
        id: seeded.customerId,
      },
    );
    const { setOpportunityContacts } = await must<{
      setOpportunityContacts: { contacts: { role: string; contact: { fullName: string; title: string | null } }[] };
    }>(
      'mutation($i: SetOpportunityContactsInput!) { setOpportunityContacts(input: $i) { contacts { role contact { fullName title } } } }',
      {
        i: {
          opportunityId: seeded.dealId,
          contacts: customer.contacts.map((c, i) => ({ contactId: c.id, role: i === 0 ? 'DECISION_MAKER' : 'TECHNICAL_EVALUATOR' })),
        },
      },
    );
    expect(setOpportunityContacts.contacts).toHaveLength(2);

    await openAs(page, `${base}/pipeline`, 'Sales rep');
    const [first, second] = seeded.stages;
    const card = page.getByTestId(`drag-${seeded.dealId}`);
    await expectVisible(page.getByTestId(`stage-${first!.id}`).getByTestId(`deal-${seeded.dealId}`));
    await screenshot(page, 'pipeline-board');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const moved = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('ChangeOpportunityStage'),
    );
    await drag(page, card, page.getByTestId(`stage-${second!.id}`));
    await expectVisible(page.getByTestId(`stage-${second!.id}`).getByTestId(`deal-${seeded.dealId}`));
    expect(((await (await moved).json()) as { errors?: unknown }).errors).toBeUndefined();

    await page.getByRole('link', { name: `Fleet renewal ${run}` }).click();
    await page.waitForURL(`**/opportunities/${seeded.dealId}`);
    await reloadSignedIn(page, 'Sales rep');
    await expectVisible(page.getByRole('region', { name: 'Stage history' }).getByText(`${first!.name} → ${second!.name}`));
    const contacts = page.getByRole('region', { name: 'Contacts' });
    // Text content, not innerText: a badge's capitals are its style's, not its text.
    const shownContacts = await contacts
      .locator('.mantine-Group-root')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(shownContacts).toEqual(
      setOpportunityContacts.contacts.map(({ role, contact }) => [
        `${contact.fullName}${contact.title ? `, ${contact.title}` : ''}`,
        label(role),
      ]),
    );
    // Each line and the totals as the API has them, to the cent.
    const [toner, drum] = quote.lines;
    expect(await bodyRows(page.getByRole('table', { name: `Quote ${quote.number} lines` }))).toEqual([
      [
        toner!.description,
        toner!.quantity,
        money(toner!.unitPrice),
        `${toner!.discountPercent}%`,
        '€53.97',
        `€10.79 (${toner!.taxPercent}%)`,
        '€64.76',
      ],
      [
        drum!.description,
        drum!.quantity,
        money(drum!.unitPrice),
        `${drum!.discountPercent}%`,
        '€0.70',
        `€0.00 (${drum!.taxPercent}%)`,
        '€0.70',
      ],
      ['Totals', '€54.67', '€10.79', '€65.46'],
    ]);
    await screenshot(page, 'opportunity');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('rolls a refused move back and says why', async () => {
    await openAs(page, `${base}/pipeline`, 'Sales rep');
    const won = seeded.stages.find((s) => s.outcome === 'WON')!;
    const card = page.getByTestId(`drag-${seeded.partnerDeals.a}`);
    const from = page.getByTestId(`stage-${seeded.stages[0]!.id}`);
    await expectVisible(from.getByTestId(`deal-${seeded.partnerDeals.a}`));
    // Only open stages are changeOpportunityStage's to move to: the server refuses a closed one.
    await drag(page, card, page.getByTestId(`stage-${won.id}`));
    await expectVisible(page.getByRole('alert').filter({ hasText: `could not move to ${won.name}` }));
    await expectVisible(from.getByTestId(`deal-${seeded.partnerDeals.a}`));
    expect(await page.getByTestId(`stage-${won.id}`).getByTestId(`deal-${seeded.partnerDeals.a}`).count()).toBe(0);
  });

  it('shows partner A only its own deals, and B’s deal at a hand-typed URL as not found; A registers a deal, told beside the field what to fix, and follows it to its decision', async () => {
    await signIn(page, base, 'Partner', seeded.partners.a.name);
    const deals = page.getByRole('table', { name: 'My deals' });
    await expectVisible(deals.getByRole('link', { name: `A's deal ${run}` }));
    expect(await deals.getByRole('link', { name: `B's deal ${run}` }).count()).toBe(0);
    expect(await deals.getByRole('link', { name: `Fleet renewal ${run}` }).count()).toBe(0);
    await screenshot(page, 'partner-deals');
    expect(await seriousA11yViolations(page)).toEqual([]);

    /** A hand-typed address: the app loads afresh and asks who the partner is first. */
    const openAsPartnerA = async (address: string) => {
      await page.goto(`${base}${address}`);
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('combobox', { name: 'Partner' }).click();
      await page.getByRole('option', { name: seeded.partners.a.name }).click();
      await page.getByRole('button', { name: 'Sign in as partner' }).click();
      await page.waitForURL(`**${address}`);
    };
    // The same deals table on a customer's page, without the close date My deals adds.
    expect(await deals.getByRole('columnheader').allInnerTexts()).toEqual(['Deal', 'Status', 'Amount', 'Close date']);
    await openAsPartnerA(`/partner/customers/${seeded.customerId}`);
    const withCustomer = page.getByRole('table', { name: 'Your deals with this customer' });
    await expectVisible(withCustomer.getByRole('link', { name: `A's deal ${run}` }));
    expect(await withCustomer.getByRole('columnheader').allInnerTexts()).toEqual(['Deal', 'Status', 'Amount']);
    expect(await withCustomer.getByRole('link', { name: `B's deal ${run}` }).count()).toBe(0);

    await openAsPartnerA(`/partner/deals/${seeded.partnerDeals.b}`);
    await expectVisible(page.getByRole('heading', { name: 'Deal not found' }));
    expect(await page.getByText(`B's deal ${run}`).count()).toBe(0);

    // Search finds A's own deal by its name, and nothing of B's however close its name is.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('textbox', { name: 'Search your deals and customers' }).fill(`A's deal ${run}`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const found = page.getByRole('table', { name: 'Search results' });
    await expectVisible(found.getByRole('link', { name: `A's deal ${run}` }));
    expect(await found.getByRole('link', { name: `B's deal ${run}` }).count()).toBe(0);
    await screenshot(page, 'partner-search');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A registers a deal: a past expected close is refused beside that field, then it is SUBMITTED.
    const company = `Portal deal ${run}`;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a deal' }).click();
    const form = page.getByRole('form', { name: 'Register a deal' });
    await form.getByRole('textbox', { name: 'Company', exact: true }).fill(company);
    await form.getByRole('textbox', { name: 'Company domain' }).fill(`portal-${run}.example`);
    await form.getByRole('textbox', { name: 'Contact name' }).fill('Milton Waddams');
    await form.getByRole('textbox', { name: 'Contact email' }).fill(`milton-${run}@portal.example`);
    await form.getByRole('textbox', { name: 'Product interest' }).fill('CRM Team');
    await form.getByRole('textbox', { name: 'Estimated amount' }).fill('4200.50');
    const expectedClose = form.getByLabel('Expected close');
    await expectedClose.fill(`${year - 1}-01-15`);
    await form.getByRole('button', { name: 'Register' }).click();
    await expectVisible(form.getByText('must be today or later'));
    // Beside the field: the message is the input's own description, and the input is marked invalid.
    expect(await expectedClose.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await expectedClose.getAttribute('aria-describedby'))!.split(' ');
    expect(await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()))).toContainEqual(
      expect.stringContaining('must be today or later'),
    );
    await screenshot(page, 'partner-register');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await expectedClose.fill(closeDate);
    await form.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/partner\/registrations\?registered=/);
    const registrations = page.getByRole('table', { name: 'My registrations' });
    const mine = registrations.getByRole('row').filter({ hasText: company });
    await expectVisible(mine);
    expect(await bodyRows(registrations)).toContainEqual([
      company,
      `portal-${run}.example`,
      // As the API keeps it (to four places), never rounded through a float.
      expect.stringMatching(/^€4,200\.50(00)?$/),
      formatDate(closeDate),
      'SUBMITTED',
      'Waiting for the channel team',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The channel team refuses it (through the API): A sees why, in its list and on the registration's page.
    const { dealRegistrations } = await must<{ dealRegistrations: { edges: { node: { id: string; companyName: string } }[] } }>(
      'query { dealRegistrations(first: 100) { edges { node { id companyName } } } }',
    );
    const registrationId = dealRegistrations.edges.find((e) => e.node.companyName === company)!.node.id;
    await must('mutation($i: RejectDealRegistrationInput!) { rejectDealRegistration(input: $i) { id } }', {
      i: { id: registrationId, reason: `Already in talks with them ${run}` },
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My deals' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My registrations' }).click();
    await expectVisible(mine.getByText(`Already in talks with them ${run}`));
    expect(await mine.getByRole('cell').nth(4).innerText()).toBe('REJECTED');
    await screenshot(page, 'partner-registrations');
    await mine.getByRole('link', { name: company }).click();
    await page.waitForURL(`**/partner/registrations/${registrationId}`);
    await expectVisible(page.getByRole('heading', { name: company }));
    await expectVisible(page.getByRole('table', { name: 'Registration' }).getByText('Milton Waddams'));
  });

  it('lets partner A accept an offered lead, which is then among its leads, decline another, and see both on its scorecard', async () => {
    const [take, pass] = seeded.offers;
    await signIn(page, base, 'Partner', seeded.partners.a.name);
    const nav = page.getByRole('navigation', { name: 'Main' });
    /** Offers and accepted leads follow events (marketing's routing, partners' acceptance): look again until they show. */
    const revisit = (name: string, shows: Locator) =>
      eventually(
        async () => {
          await nav.getByRole('link', { name: 'My deals' }).click();
          await nav.getByRole('link', { name }).click();
          await shows.waitFor({ timeout: 2_000 });
        },
        30_000,
        0,
      );
    const offers = page.getByRole('table', { name: 'Lead offers' });
    const offerRow = (company: string) => offers.getByRole('row').filter({ hasText: company });
    await revisit('Lead offers', offerRow(pass!.company));
    await expectVisible(offerRow(take!.company).getByRole('cell', { name: 'IS', exact: true }));
    await screenshot(page, 'partner-lead-offers');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Accept ${take!.company}` }).click();
    await expectVisible(page.getByRole('status').getByText(`Accepted ${take!.company}`));
    await page.getByRole('button', { name: `Decline ${pass!.company}` }).click();
    await expectVisible(page.getByRole('status').getByText(`Declined ${pass!.company}.`));
    // Answered offers leave the list, as the server has them now.
    await expectVisible(page.getByText('No offers waiting for an answer.'));

    // The accepted lead's person is A's to read; the declined one's is not.
    const leads = page.getByRole('table', { name: 'My leads' });
    await revisit('My leads', leads.getByRole('row').filter({ hasText: take!.email }));
    expect(await bodyRows(leads)).toEqual([[take!.name, take!.email, take!.company, 'IS', expect.any(String)]]);
    await screenshot(page, 'partner-leads');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const { leadOffers } = await must<{ leadOffers: { edges: { node: { company: string; status: string } }[] } }>(
      'query { leadOffers(first: 50) { edges { node { company status } } } }',
    );
    const statusOf = (company: string) => leadOffers.edges.filter((e) => e.node.company === company).map((e) => e.node.status);
    expect([statusOf(take!.company), statusOf(pass!.company)]).toEqual([['ACCEPTED'], ['DECLINED']]);

    // The scorecard counts the two answers; no deal of A's is won, so no commission is due.
    await nav.getByRole('link', { name: 'Scorecard' }).click();
    const scorecard = page.getByRole('table', { name: 'Scorecard' });
    await expectVisible(scorecard);
    const figures = Object.fromEntries((await scorecard.getByRole('row').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim())));
    expect([figures['Leads offered'], figures['Leads accepted'], figures['Leads declined']]).toEqual(['2', '1', '1']);
    expect(figures['Lead acceptance rate']).toBe('50.0%');
    await screenshot(page, 'partner-scorecard');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await nav.getByRole('link', { name: 'Commissions' }).click();
    await expectVisible(page.getByText('No commissions yet: they accrue when a deal of yours is won.'));
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('draws one bar per stage on the sales dashboard, with the API’s figures', async () => {
    const from = `${year}-01-01`;
    const to = `${year + 1}-12-31`;
    const api = client({ roles: ['sales'] });
    const res = await api<{ salesDashboard: { pipelineByStage: { stageName: string; count: number; amount: { amount: string } }[] } }>(
      'query($from: Date!, $to: Date!) { salesDashboard(from: $from, to: $to, currency: "EUR") { pipelineByStage { stageName count amount { amount } } } }',
      { from, to },
    );
    const figures = res.data!.salesDashboard.pipelineByStage;
    expect(figures.length).toBeGreaterThan(0);

    await openAs(page, `${base}/dashboard`, 'Sales rep');
    const chart = page.getByTestId('pipeline-by-stage');
    await chart.locator('svg').waitFor();
    // ECharts draws each bar of the series as one SVG path in the series' colour.
    const bars = await chart.locator(`svg path[fill="${BAR_COLOUR}"]`).count();
    expect(bars).toBe(figures.length);
    const shown = await bodyRows(page.getByRole('table', { name: 'Open pipeline by stage, as a table' }));
    expect(shown.map(([stage, count]) => [stage, Number(count)])).toEqual(figures.map((f) => [f.stageName, f.count]));
    const label = (await chart.getAttribute('aria-label')) ?? '';
    expect(label).toBe('Open pipeline by stage');
    await screenshot(page, 'sales-dashboard');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('draws the service and marketing dashboards: a bar per priority and per lead status, with the API’s figures', async () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // The pages' own first period: the last 30 days, today included.
    const [from, to] = [day(Date.now() - 29 * 86_400_000), day(Date.now())];
    const rowsOf = async (name: string, n: number) => {
      await page.getByRole('table', { name }).getByRole('row').nth(n).waitFor();
      return bodyRows(page.getByRole('table', { name }));
    };
    /** ECharts draws each bar of the series as one SVG path in the series' colour, a zero as a flat one. */
    const bars = async (testId: string) => {
      await page.getByTestId(testId).locator(`svg path[fill="${BAR_COLOUR}"]`).first().waitFor();
      return page.getByTestId(testId).locator(`svg path[fill="${BAR_COLOUR}"]`).count();
    };

    const service = client({ roles: ['service'] });
    const backlog = (
      await service<{ serviceDashboard: { backlog: { byPriority: { priority: string; count: number }[] } } }>(
        'query($from: DateTime!, $to: DateTime!) { serviceDashboard(from: $from, to: $to) { backlog { byPriority { priority count } } } }',
        { from: `${from}T00:00:00Z`, to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() },
      )
    ).data!.serviceDashboard.backlog.byPriority;
    expect(backlog.some((p) => p.count > 0)).toBe(true);
    await openAs(page, `${base}/service-dashboard`, 'Support agent');
    expect(await rowsOf('Open cases by priority, as a table', backlog.length)).toEqual(
      backlog.map((p) => [label(p.priority), String(p.count)]),
    );
    expect(await bars('backlog-by-priority')).toBe(backlog.length);
    await screenshot(page, 'service-dashboard');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const marketing = client({ roles: ['marketing'] });
    const funnel = (
      await marketing<{ marketingDashboard: { funnel: { status: string; leads: number }[] } }>(
        'query($from: String!, $to: String!) { marketingDashboard(from: $from, to: $to) { funnel { status leads } } }',
        { from, to },
      )
    ).data!.marketingDashboard.funnel;
    expect(funnel.some((f) => f.leads > 0)).toBe(true);
    await page.getByRole('link', { name: 'Marketing dashboard' }).click();
    expect(await rowsOf('Leads by status, as a table', funnel.length)).toEqual(funnel.map((f) => [label(f.status), String(f.leads)]));
    expect(await bars('lead-funnel')).toBe(funnel.length);
    await screenshot(page, 'marketing-dashboard');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('lets a marketer move a lead, explains a move the server refuses beside the field, shows what made a lead’s score, and converts a lead into a customer and a deal it then opens', async () => {
    await openAs(page, `${base}/leads`, 'Marketer');
    await page.getByRole('textbox', { name: 'Email contains' }).fill(`lena-${run}`);
    const row = page.getByRole('table', { name: 'Leads' }).getByRole('row').filter({ hasText: seeded.leadEmail });
    await expectVisible(row.getByText('New', { exact: true }));
    await screenshot(page, 'leads');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await row.getByRole('link', { name: seeded.leadName }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);

    const moveTo = async (status: string) => {
      await page.getByRole('combobox', { name: 'Move to' }).click();
      await page.getByRole('option', { name: status, exact: true }).click();
      await page.getByRole('button', { name: 'Move', exact: true }).click();
    };
    await moveTo('Contacted');
    await expectVisible(page.getByRole('group', { name: 'Status' }).getByText('Contacted'));
    await expectVisible(page.getByRole('region', { name: 'Status history' }).getByText(/New → Contacted/));
    // CONTACTED cannot go back to RECYCLED: the server's reason, with the moves it allows, beside the field.
    await moveTo('Recycled');
    await expectVisible(page.getByText(/from CONTACTED it can move to QUALIFIED, UNQUALIFIED/));
    await expectVisible(page.getByRole('group', { name: 'Status' }).getByText('Contacted'));
    await screenshot(page, 'lead');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A lead scored through the API: two fit rules match it and a web form post engages it. The
    // page shows the score, each rule's points and every change, as the API has them.
    const rule = (i: Record<string, unknown>) =>
      must<{ createScoringRule: { id: string } }>('mutation($i: CreateScoringRuleInput!) { createScoringRule(input: $i) { id } }', { i });
    await rule({ name: `Scored industry ${run}`, attribute: 'INDUSTRY', values: [`Scoring ${run}`], points: 20 });
    await rule({ name: `Scorer title ${run}`, attribute: 'TITLE', values: [`scorer-${run}`], points: 15 });
    // Only this spec's form posts are engaged by it: no other case here posts a form.
    await rule({ name: `Form post ${run}`, signal: 'FORM_SUBMITTED', points: 10 });
    const { createWebForm } = await must<{ createWebForm: { key: string } }>(
      'mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { key } }',
      {
        i: {
          name: `Score form ${run}`,
          scorePoints: 5,
          allowedOrigins: [],
          fieldMap: [
            { field: 'email', attribute: 'EMAIL', required: true },
            { field: 'name', attribute: 'NAME' },
            { field: 'industry', attribute: 'INDUSTRY' },
            { field: 'job', attribute: 'TITLE' },
          ],
        },
      },
    );
    const scoredEmail = `scored-${run}@scoreco.example`;
    const posted = await fetch(`${new URL(stack.gatewayUrl).origin}/forms/${createWebForm.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: scoredEmail, name: `Sid Scored ${run}`, industry: `Scoring ${run}`, job: `Lead scorer-${run}` }),
    });
    expect(posted.status).toBe(200);
    // Scoring follows the capture's event: wait until the API has the whole score, then open the page.
    type Scored = { leads: { edges: { node: { id: string; score: { score: number } | null } }[] } };
    const scored = await eventually(
      async () => {
        const { leads } = await must<Scored>(
          'query($f: LeadFilter) { leads(first: 1, filter: $f) { edges { node { id score { score } } } } }',
          {
            f: { emailContains: scoredEmail },
          },
        );
        expect(leads.edges[0]?.node.score?.score).toBe(35 + 10 + 5);
        return leads.edges[0]!.node;
      },
      30_000,
      200,
    );
    await page.goto(`${base}/leads/${scored.id}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole('button', { name: 'Marketer' }).click();
    await page.waitForURL(`**/leads/${scored.id}`);
    const score = page.getByRole('region', { name: 'Score' });
    await expectVisible(score.getByRole('group', { name: 'Score' }).getByText('Score 50'));
    expect(await score.getByRole('group', { name: 'Score' }).innerText()).toMatch(/Score 50\s+Fit 35\s+Engagement 15/i);
    expect((await bodyRows(score.getByRole('table', { name: 'Fit rules' }))).sort()).toEqual([
      [`Scored industry ${run}`, '+20'],
      [`Scorer title ${run}`, '+15'],
    ]);
    // Each change (in whichever order the consumer applied them): the fit total, the form rule's
    // points (by its name), the form's own points; the last one leaves the score at 50.
    const changes = await bodyRows(score.getByRole('table', { name: 'Score history' }));
    expect(changes.map(([, why, points]) => [why, points]).sort()).toEqual([
      ['Fit', '+35'],
      [`Form submitted (Form post ${run})`, '+10'],
      ['Form submitted (the form’s own points)', '+5'],
    ]);
    expect(Math.max(...changes.map(([, , , after]) => Number(after)))).toBe(50);
    await screenshot(page, 'lead-score');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Converting a lead from the inbox: sales creates the customer and the opportunity from the
    // conversion's event, and the page opens the opportunity once it is there.
    const email = `conv-${run}@convertco.example`;
    await must('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email, name: `Connie Convert ${run}`, company: `Convertco ${run}`, source: 'WEB_FORM' },
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('textbox', { name: 'Email contains' }).fill(`conv-${run}`);
    await page
      .getByRole('table', { name: 'Leads' })
      .getByRole('link', { name: `Connie Convert ${run}` })
      .click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    const convert = page.getByRole('region', { name: 'Convert' });
    await convert.getByRole('textbox', { name: 'Open an opportunity named' }).fill(`Convertco deal ${run}`);
    await convert.getByRole('button', { name: 'Convert' }).click();
    await page.waitForURL(/\/opportunities\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByRole('heading', { name: `Convertco deal ${run}` }));
    await page.getByRole('link', { name: `Convertco ${run}` }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByRole('region', { name: 'Contacts' }).getByText(`Connie Convert ${run}`));
    await expectVisible(page.getByRole('region', { name: 'Deals' }).getByRole('link', { name: `Convertco deal ${run}` }));
  });

  it('lets a channel manager approve a partner’s deal registration on one of its customers', async () => {
    // Partner A registers through its own endpoint, with the portal's safelisted operation.
    const documents = JSON.parse(fs.readFileSync(path.join(__dirname, '../src/partner/gql/persisted-documents.json'), 'utf8')) as Record<
      string,
      string
    >;
    const hash = Object.keys(documents).find((h) => documents[h]!.startsWith('mutation PartnerRegisterDeal'))!;
    const company = `Initrode deal ${run}`;
    const registered = await fetch(stack.partnerGatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await testToken(claims(asPartner(seeded.partners.a.id)))}` },
      body: JSON.stringify({
        variables: {
          input: {
            companyName: company,
            domain: `initrode-${run}.example`,
            contactName: 'Peter Gibbons',
            contactEmail: 'peter@initrode.example',
            productInterest: 'CRM Enterprise',
            estimatedAmount: { amount: '8000.00', currency: 'EUR' },
            expectedClose: closeDate,
          },
        },
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }),
    });
    expect(((await registered.json()) as { errors?: unknown }).errors).toBeUndefined();

    await openAs(page, `${base}/partners`, 'Sales rep');
    await page.getByRole('textbox', { name: 'Name contains' }).fill(seeded.partners.a.name);
    // The partner is on the unfiltered first page too: a click there can land just as the filtered
    // list replaces the rows (one clean-clone CI waited 30 s for a navigation that never came).
    const partners = page.getByRole('table', { name: 'Partners' });
    await eventually(async () => {
      const rows = await bodyRows(partners);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row[0]).toContain(seeded.partners.a.name);
    });
    await partners.getByRole('link', { name: seeded.partners.a.name }).click();
    await page.waitForURL(`**/partners/${seeded.partners.a.id}`);
    const registration = page.getByRole('article', { name: `Registration: ${company}` });
    await expectVisible(registration);
    await screenshot(page, 'partner');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await registration.getByRole('combobox', { name: 'Customer to open the deal on' }).click();
    await page.getByRole('option', { name: seeded.freshCustomerName }).click();
    await registration.getByRole('button', { name: 'Approve' }).click();
    const waiting = page.getByRole('region', { name: 'Deal registrations waiting for approval' });
    await expectVisible(waiting.getByText('None waiting.'));
    await expectVisible(page.getByRole('region', { name: 'Scorecard' }).getByText('Approved: 1'));
  });

  it('lets an agent write an article, publish it, find it by a word in its body, the match highlighted, and open it from a case it is suggested for', async () => {
    // A word no other article has: letters only, so the text search takes it as one English word.
    const word = `quux${run.replace(/[^a-z]/g, '')}zzy`;
    await openAs(page, `${base}/knowledge`, 'Support agent');
    await page.getByRole('link', { name: 'New article' }).click();
    const editor = page.getByRole('form', { name: 'Article editor' });
    await editor.getByRole('textbox', { name: 'Title' }).fill(`Paper jams ${run}`);
    await editor.getByRole('textbox', { name: 'Body' }).fill(`Open the tray and pull the ${word} lever gently, then close the tray again.`);
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
    const articleId = page.url().split('/').pop()!;
    await expectVisible(page.getByRole('group', { name: 'Status' }).getByText('Draft'));
    await page.getByRole('button', { name: 'Publish' }).click();
    await expectVisible(page.getByRole('group', { name: 'Status' }).getByText('Published'));

    await page.getByRole('link', { name: 'Knowledge base', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search published articles' }).fill(word);
    const hit = page.getByRole('region', { name: 'Search results' }).getByRole('article', { name: `Paper jams ${run}` });
    await expectVisible(hit);
    const snippet = hit.getByTestId('snippet');
    expect(await snippet.locator('mark').allInnerTexts()).toEqual([word]);
    // The text around the match is the body's, as text (the unit spec holds escaping and stray tags).
    expect(await snippet.innerText()).toContain(`pull the ${word} lever gently`);
    await screenshot(page, 'knowledge-search');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A case about the word suggests the article, and the suggestion opens it. On the basket
    // customer's account, whose cases no other test counts.
    const { openCase } = await must<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId: seeded.basketCustomerId, subject: `The ${word} lever is stuck`, priority: 'LOW' },
    });
    await openAs(page, `${base}/cases/${openCase.id}`, 'Support agent');
    const suggestion = page.getByRole('region', { name: 'Suggested articles' }).getByRole('link', { name: `Paper jams ${run}` });
    await expectVisible(suggestion);
    await screenshot(page, 'case-suggested-articles');
    await suggestion.click();
    await page.waitForURL(`**/knowledge/${articleId}`);
    await expectVisible(page.getByRole('heading', { name: `Paper jams ${run}` }));
    await screenshot(page, 'article');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The portal's help search: a public article with the word is found; the agent's article (internal, as
    // a new one is) is not, though it has the same word.
    const { createKnowledgeArticle: publicArticle } = await must<{ createKnowledgeArticle: { id: string; title: string } }>(
      'mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { id title } }',
      { i: { title: `Levers explained ${run}`, body: `The ${word} lever opens the tray.`, visibility: 'PUBLIC' } },
    );
    await must('mutation($id: ID!) { publishKnowledgeArticle(id: $id) { id } }', { id: publicArticle.id });
    const internal = await must<{ knowledgeArticle: { visibility: string; status: string } }>(
      'query($id: ID!) { knowledgeArticle(id: $id) { visibility status } }',
      { id: articleId },
    );
    expect(internal.knowledgeArticle).toEqual({ visibility: 'INTERNAL', status: 'PUBLISHED' });
    await page.goto(`${base}/portal/help?q=${word}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInAsCustomer('Grace Hopper');
    await page.waitForURL(/\/portal\/help/);
    const results = page.getByRole('region', { name: 'Search results' });
    await expectVisible(results.getByRole('article', { name: publicArticle.title }));
    expect(await results.getByRole('article').count()).toBe(1);
    expect(await page.getByText(`Paper jams ${run}`).count()).toBe(0);
    await screenshot(page, 'portal-help');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  /** Signs a contact of the seeded customer in on the sign-in page (the app asks again after every page load). */
  async function signInAsCustomer(contact: string): Promise<void> {
    await page.getByRole('combobox', { name: 'Customer' }).click();
    await page.getByRole('option', { name: seeded.customerName }).click();
    await page.getByRole('combobox', { name: 'Contact' }).click();
    await page.getByRole('option', { name: contact }).click();
    await page.getByRole('button', { name: 'Sign in as customer' }).click();
  }

  it('shows a customer contact only its own cases in the portal, never an internal note, and lets it reply and ask for help', async () => {
    await page.goto(`${base}/sign-in`);
    await signInAsCustomer('Ada Lovelace');
    await page.waitForURL('**/portal/cases');
    const cases = page.getByRole('table', { name: 'My cases' });
    await expectVisible(cases.getByRole('link', { name: `Printer on fire ${run}` }));
    expect(await cases.getByRole('link', { name: `Initrode's own case ${run}` }).count()).toBe(0);
    await screenshot(page, 'portal-cases');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The case: support's reply, never the internal note; the contact's own reply is added to it.
    await cases.getByRole('link', { name: `Printer on fire ${run}` }).click();
    await page.waitForURL(`**/portal/cases/${seeded.caseId}`);
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await expectVisible(conversation.getByRole('article', { name: 'Reply from support' }).getByText(`We are looking into it ${run}`));
    expect(await page.getByText(`Grumpy customer, go gently ${run}`).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Your reply' }).fill('It is still smoking.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expectVisible(conversation.getByRole('article', { name: 'Your message' }).getByText('It is still smoking.'));
    expect(await page.getByText(`Grumpy customer, go gently ${run}`).count()).toBe(0);
    await screenshot(page, 'portal-case');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Asking for help: the server's refusal beside the field it names, then the new case's page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ask for help' }).click();
    const form = page.getByRole('form', { name: 'Ask for help' });
    await form.getByRole('button', { name: 'Send' }).click();
    await expectVisible(form.getByText(/must be 1 to \d+ characters/));
    expect(await form.getByRole('textbox', { name: 'Subject' }).getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('textbox', { name: 'Subject' }).fill(`Toner runs out ${run}`);
    await form.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/portal\/cases\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByRole('heading', { name: `Toner runs out ${run}` }));

    // Another customer's case, at a hand-typed address, is a case that does not exist.
    await page.goto(`${base}/portal/cases/${seeded.otherCaseId}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInAsCustomer('Ada Lovelace');
    await page.waitForURL(`**/portal/cases/${seeded.otherCaseId}`);
    await expectVisible(page.getByRole('heading', { name: 'Case not found' }));
    expect(await page.getByText(`Initrode's own case ${run}`).count()).toBe(0);
  });

  it('lets a customer contact ask for a return on its own case and follow it to its refund, and shows it no other customer’s return', async () => {
    await page.goto(`${base}/sign-in`);
    await signInAsCustomer('Ada Lovelace');
    await page.waitForURL('**/portal/cases');
    await page
      .getByRole('table', { name: 'My cases' })
      .getByRole('link', { name: `Leaking toner ${run}` })
      .click();
    await page.waitForURL(`**/portal/cases/${seeded.returnCaseId}`);

    // The server's refusal beside the field it names, then the return's own page.
    const form = page.getByRole('form', { name: 'Request a return' });
    await form.getByRole('button', { name: 'Request the return' }).click();
    await expectVisible(form.getByText(/must be 1 to \d+ characters/));
    expect(await form.getByRole('textbox', { name: 'Why it comes back' }).getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('textbox', { name: 'Quantity' }).fill('2');
    await form.getByRole('combobox', { name: 'Condition' }).click();
    await page.getByRole('option', { name: 'Defective' }).click();
    await form.getByRole('textbox', { name: 'Why it comes back' }).fill(`It leaks ${run}`);
    await form.getByRole('button', { name: 'Request the return' }).click();
    await page.waitForURL(/\/portal\/returns\/[0-9a-f-]{36}$/);
    const returnId = page.url().split('/').pop()!;
    const details = page.getByRole('table', { name: 'Return', exact: true });
    await expectVisible(details.getByText('Requested', { exact: true }));
    await expectVisible(details.getByText('Not yet'));
    expect(await bodyRows(page.getByRole('table', { name: 'Returned items' }))).toEqual([['2', 'Defective', `It leaks ${run}`]]);
    await screenshot(page, 'portal-return');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Support approves it, receives the goods and refunds them.
    for (const status of ['APPROVED', 'RECEIVED', 'REFUNDED']) {
      await must('mutation($i: ChangeReturnStatusInput!) { changeReturnStatus(input: $i) { id } }', {
        i: { returnId, status, ...(status === 'REFUNDED' ? { refund: { amount: '45.00', currency: 'EUR' } } : {}) },
      });
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My returns' }).click();
    const list = page.getByRole('table', { name: 'My returns' });
    const row = list.getByRole('row').filter({ has: page.locator(`a[href="/portal/returns/${returnId}"]`) });
    await expectVisible(row.getByText('Refunded'));
    await expectVisible(row.getByText('€45.00'));
    // Only the customer's own: the one return it asked for, never Initrode's.
    expect(await list.getByRole('row').count()).toBe(2);
    expect(await page.locator(`a[href="/portal/returns/${seeded.otherReturnId}"]`).count()).toBe(0);
    await screenshot(page, 'portal-returns');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await row.getByRole('link').first().click();
    await page.waitForURL(`**/portal/returns/${returnId}`);
    await expectVisible(details.getByText('Refunded', { exact: true }));
    await expectVisible(details.getByText('€45.00'));

    // Another customer's return, at a hand-typed address, is a return that does not exist.
    await page.goto(`${base}/portal/returns/${seeded.otherReturnId}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInAsCustomer('Ada Lovelace');
    await page.waitForURL(`**/portal/returns/${seeded.otherReturnId}`);
    await expectVisible(page.getByRole('heading', { name: 'Return not found' }));
    expect(await page.getByText('Wrong colour').count()).toBe(0);
  });

  it('answers a survey link without a sign-in, and says what is wrong with a link the service never sent', async () => {
    await page.goto(`${base}/portal/survey/not-a-survey-link`);
    const survey = page.getByRole('form', { name: 'Satisfaction survey' });
    await survey.getByRole('radio', { name: '5, very happy' }).check();
    await survey.getByRole('button', { name: 'Send' }).click();
    await expectVisible(survey.getByRole('alert').getByText(/not a survey link this service sent/));
    await screenshot(page, 'portal-survey');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('draws a rollup in the OLAP explorer: a bar per group and a table with the API’s figures and their total; a customer is forbidden to an analyst, naming the roles that may read it', async () => {
    type Rows = { keys: (string | null)[]; subtotal: boolean[]; values: (string | null)[] }[];
    const analyst = client({ roles: ['analyst'] });
    const q = { cube: 'cases', measures: ['cases'], dimensions: [{ name: 'priority' }], rollup: true };
    const opened = (await must<{ cases: { edges: unknown[] } }>('query { cases(first: 100) { edges { cursor } } }')).cases.edges.length;
    // The warehouse is fed by events: wait until its grand total counts every case service has.
    let rows: Rows = [];
    await eventually(async () => {
      const res = await analyst<{ olap: { rows: Rows } }>(
        'query($q: OlapQueryInput!) { olap(query: $q) { rows { keys subtotal values } } }',
        {
          q,
        },
      );
      rows = res.data?.olap.rows ?? [];
      const total = rows.find((r) => r.subtotal.every(Boolean));
      if (Number(total?.values[0]) !== opened) throw new Error(`the warehouse has not every case yet: ${JSON.stringify(res)}`);
    }, 30_000);

    await openAs(page, `${base}/analytics?cube=cases&m=cases&d=priority&rollup=1`, 'Analyst');
    const table = page.getByRole('table', { name: 'OLAP result' });
    await table.getByRole('row').nth(rows.length).waitFor();
    const shown = await bodyRows(table);
    expect(shown).toEqual(
      rows.map((r) => [...r.keys.map((k, i) => (r.subtotal[i] ? 'Total' : (k ?? '—'))), ...r.values.map((v) => v ?? '—')]),
    );
    expect(shown).toContainEqual(['Total', String(opened)]);
    const groups = rows.filter((r) => !r.subtotal.some(Boolean));
    expect(groups.length).toBeGreaterThan(1);
    await page.getByTestId('olap-chart').locator('svg').waitFor();
    expect(await page.getByTestId('olap-chart').locator(`svg path[fill="${BAR_COLOUR}"]`).count()).toBe(groups.length);
    await screenshot(page, 'olap-explorer');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A page whose query the analyst's role may not read says which roles may, and who the analyst is.
    await openAs(page, `${base}/customers/${seeded.customerId}`, 'Analyst');
    await expectVisible(
      page.getByRole('alert').getByText('This needs the admin or sales or marketing or service role; you are signed in as analyst.'),
    );
    expect(await page.getByText(seeded.customerName).count()).toBe(0);
  });

  it('draws the forecast against last year, the retention triangle and each campaign’s funnel and attribution, with the API’s figures', async () => {
    type Money = { amount: string; currency: string };
    const figures = ['won', 'weightedPipeline', 'expected', 'committed', 'bestCase', 'samePeriodLastYear', 'openPipeline'] as const;
    const names = ['Won', 'Weighted pipeline', 'Expected', 'Committed', 'Best case', 'Same period last year', 'Open pipeline'];
    const rep = client({ roles: ['sales'] });
    // The year of the seeded deals' close date, whatever the day the test runs.
    const period = new Date().toISOString().slice(0, 10);
    const totals = (
      await rep<{ forecast: { totals: ({ currency: string } & Record<(typeof figures)[number], Money>)[] } }>(
        `query($period: String!) { forecast(grain: YEAR, period: $period) { totals { currency ${figures.map((f) => `${f} { amount currency }`).join(' ')} } } }`,
        { period },
      )
    ).data!.forecast.totals;
    const eur = totals.find((t) => t.currency === 'EUR')!;
    expect(Number(eur.openPipeline.amount)).toBeGreaterThanOrEqual(12500.5);

    await openAs(page, `${base}/forecast`, 'Sales rep');
    await page.getByRole('combobox', { name: 'Period' }).click();
    await page.getByRole('option', { name: 'Year' }).click();
    const table = page.getByRole('table', { name: 'Forecast in EUR, as a table' });
    const expected = figures.map((f, i) => [names[i], money(eur[f])]);
    // The quarter's answer shows first: wait for the year's.
    await eventually(async () => expect(await bodyRows(table)).toEqual(expected), 15_000, 200);
    // ECharts draws each bar of the series as one SVG path in the series' colour, a zero as a flat one.
    expect(await page.getByTestId('forecast-EUR').locator(`svg path[fill="${BAR_COLOUR}"]`).count()).toBe(6);
    const stages = page.getByRole('table', { name: 'Weighted pipeline by stage' });
    await expectVisible(stages.getByText(new RegExp(`: ${seeded.stages[0]!.name}$`)));
    await screenshot(page, 'forecast');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Retention cohorts: customers by the month of their first won deal; the seeded wins are this month's.
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
    type Cohort = { month: string; customers: number; active: number[]; retention: string[] };
    const cohorts = await eventually(async () => {
      const res = await rep<{ retentionCohorts: Cohort[] }>(
        'query($from: String!, $to: String!) { retentionCohorts(from: $from, to: $to) { month customers active retention } }',
        { from, to: period },
      );
      const found = res.data?.retentionCohorts ?? [];
      if (found.reduce((n, c) => n + c.customers, 0) < 2)
        throw new Error(`the seeded wins are not in the cohorts yet: ${JSON.stringify(res)}`);
      return found;
    }, 30_000);
    await page.getByRole('link', { name: 'Retention cohorts' }).click();
    const triangle = page.getByRole('table', { name: 'Retention by cohort' });
    await triangle.getByRole('row').nth(cohorts.length).waitFor();
    const months = Math.max(...cohorts.map((c) => c.retention.length));
    const monthName = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    expect(await bodyRows(triangle)).toEqual(
      cohorts.map((c) => [
        monthName.format(new Date(`${c.month}T00:00:00Z`)),
        String(c.customers),
        ...Array.from({ length: months }, (_, i) => (c.retention[i] === undefined ? '' : `${(Number(c.retention[i]) * 100).toFixed(1)}%`)),
      ]),
    );
    // Each cell says how many of the cohort were active, and is shaded by the share.
    const last = cohorts[cohorts.length - 1]!;
    const cell = triangle.getByRole('row').nth(cohorts.length).getByRole('cell').nth(1);
    expect(await cell.getAttribute('title')).toBe(`${last.active[0]} of ${last.customers} active`);
    await screenshot(page, 'retention-cohorts');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Campaign performance over the page's first period, the last 30 days: the seeded campaign has its lead.
    type Result = {
      name: string;
      sends: number;
      opens: number;
      clicks: number;
      leads: number;
      mqls: number;
      opportunities: number;
      attribution: { currency: string; firstTouchPipeline: Money; linearWon: Money }[];
    };
    const funnelOf = (c: Result) => [c.sends, c.opens, c.clicks, c.leads, c.mqls, c.opportunities].map(String);
    const campaigns = await eventually(async () => {
      const res = await rep<{ campaignAttribution: { campaigns: Result[] } }>(
        `query($from: String!, $to: String!) { campaignAttribution(from: $from, to: $to) { campaigns {
          name sends opens clicks leads mqls opportunities
          attribution { currency firstTouchPipeline { amount currency } linearWon { amount currency } } } } }`,
        { from: new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10), to: period },
      );
      const found = res.data?.campaignAttribution.campaigns ?? [];
      const mine = found.find((c) => c.name === seeded.campaignName);
      const eur = mine?.attribution.find((a) => a.currency === 'EUR');
      if (mine?.leads !== 1 || Number(eur?.firstTouchPipeline.amount) !== 12500.5)
        throw new Error(`the campaign has not its lead and its deal yet: ${JSON.stringify(res)}`);
      return found;
    }, 30_000);
    await page.getByRole('link', { name: 'Campaign performance' }).click();
    const funnel = page.getByRole('table', { name: 'Funnel by campaign' });
    await funnel.getByRole('row').nth(campaigns.length).waitFor();
    expect(await bodyRows(funnel)).toEqual(campaigns.map((c) => [c.name, ...funnelOf(c)]));
    expect(await page.getByTestId('leads-by-campaign').locator(`svg path[fill="${BAR_COLOUR}"]`).count()).toBe(campaigns.length);
    const credited = campaigns.flatMap((c) => c.attribution.map((a) => [c.name, money(a.firstTouchPipeline), money(a.linearWon)]));
    const rows = await bodyRows(page.getByRole('table', { name: 'Attribution by campaign' }));
    expect(rows.map((r) => [r[0], r[1], r[6]])).toEqual(credited);
    await screenshot(page, 'campaign-performance');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('lists campaigns, and shows a campaign’s members, exactly those added through the API, its members by status and its funnel as the API counts them', async () => {
    const name = `Members ${run}`;
    const people = await Promise.all(
      [0, 1, 2].map((i) =>
        eventually(
          () =>
            must<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
              i: { email: `member-${i}-${run}@campaign.example`, name: `Member ${i} ${run}`, source: 'EVENT' },
            }),
          30_000,
          500,
        ).then((d) => d.captureLead.id),
      ),
    );
    const { createCampaign } = await must<{ createCampaign: { id: string } }>(
      'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
      { i: { name, type: 'EVENT', status: 'ACTIVE' } },
    );
    const campaignId = createCampaign.id;
    await must('mutation($i: AddCampaignMembersInput!) { addCampaignMembers(input: $i) { added } }', {
      i: { campaignId, people: people.map((id) => ({ kind: 'LEAD', id })) },
    });
    await must('mutation($i: SetCampaignMemberStatusInput!) { setCampaignMemberStatus(input: $i) { status } }', {
      i: { campaignId, personId: people[1], status: 'REGISTERED' },
    });
    type Member = { name: string; email: string; status: string };
    const members = (
      await must<{ campaign: { members: { edges: { node: Member }[] } } }>(
        'query($id: ID!) { campaign(id: $id) { members(first: 100) { edges { node { name email status } } } } }',
        { id: campaignId },
      )
    ).campaign.members.edges.map((e) => e.node);
    expect(members.map((m) => m.email).sort()).toEqual([0, 1, 2].map((i) => `member-${i}-${run}@campaign.example`));

    // Analytics has the campaign's three leads (events): the page then shows what the API answers.
    type Funnel = { sends: number; opens: number; clicks: number; leads: number; mqls: number; opportunities: number };
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const funnel = await eventually(async () => {
      const res = await client({ roles: ['marketing'] })<{ campaignAttribution: { campaigns: Funnel[] } }>(
        `query($id: ID!, $from: String!, $to: String!) { campaignAttribution(from: $from, to: $to, campaignIds: [$id]) {
          campaigns { sends opens clicks leads mqls opportunities } } }`,
        { id: campaignId, from: day(Date.now() - 29 * 86_400_000), to: day(Date.now()) },
      );
      const found = res.data?.campaignAttribution.campaigns[0];
      if (found?.leads !== 3) throw new Error(`analytics has not the campaign's leads yet: ${JSON.stringify(res)}`);
      return found;
    }, 30_000);
    const { campaign: counted } = await must<{ campaign: { memberCounts: { status: string; count: number }[] } }>(
      'query($id: ID!) { campaign(id: $id) { memberCounts { status count } } }',
      { id: campaignId },
    );

    await openAs(page, `${base}/campaigns`, 'Marketer');
    const list = page.getByRole('table', { name: 'Campaigns' });
    await expectVisible(list.getByRole('link', { name }));
    await screenshot(page, 'campaigns');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await list.getByRole('link', { name }).click();
    await page.waitForURL(`**/campaigns/${campaignId}`);
    const table = page.getByRole('table', { name: 'Campaign members' });
    await eventually(async () => expect(await bodyRows(table)).toHaveLength(3), 15_000, 200);
    expect((await bodyRows(table)).map((r) => r.slice(0, 4))).toEqual(
      // innerText: a badge's capitals are its style's.
      members.map((m) => [m.name, m.email, label('LEAD'), label(m.status).toUpperCase()]),
    );
    // Its members by status, every status a bar; and its funnel in the page's first period, the last 30 days.
    const byStatus = page.getByRole('table', { name: 'Members by status, as a table' });
    expect(await bodyRows(byStatus)).toEqual(counted.memberCounts.map((m) => [label(m.status), String(m.count)]));
    expect(counted.memberCounts.find((m) => m.status === 'REGISTERED')?.count).toBe(1);
    expect(await page.getByTestId('members-by-status').locator(`svg path[fill="${BAR_COLOUR}"]`).count()).toBe(counted.memberCounts.length);
    const funnelTable = page.getByRole('table', { name: 'Funnel, as a table' });
    await funnelTable.waitFor();
    expect(await bodyRows(funnelTable)).toEqual(
      (
        [
          ['Sends', 'sends'],
          ['Opens', 'opens'],
          ['Clicks', 'clicks'],
          ['Leads', 'leads'],
          ['MQLs', 'mqls'],
          ['Opportunities', 'opportunities'],
        ] as const
      ).map(([name, key]) => [name, String(funnel[key])]),
    );
    expect(await page.getByTestId('campaign-funnel').locator(`svg path[fill="${BAR_COLOUR}"]`).count()).toBe(6);
    await screenshot(page, 'campaign');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('lets a marketer build a segment from the rule builder, shows the server’s refusal at its path, and lists its members', async () => {
    await openAs(page, `${base}/segments`, 'Marketer');
    await page.getByRole('link', { name: 'New segment' }).click();
    const editor = page.getByRole('form', { name: 'Segment editor' });
    const name = `Browser segment ${run}`;
    await editor.getByRole('textbox', { name: 'Name' }).fill(name);
    // Condition 1 starts as "Industry is": its value only.
    await editor.getByRole('textbox', { name: 'Value of condition 1' }).fill(seeded.industry);
    // Condition 2 offers only the operators analytics takes: no ordering on text.
    await editor.getByRole('button', { name: 'Add a condition' }).click();
    await editor.getByRole('combobox', { name: 'Operator of condition 2' }).click();
    const isNot = page.getByRole('option', { name: 'is not', exact: true });
    await expectVisible(isNot);
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['is', 'is not', 'is one of', 'is none of', 'has a value']);
    await isNot.click();
    await editor.getByRole('combobox', { name: 'Field of condition 2' }).click();
    await page.getByRole('option', { name: 'Churn risk (0 to 1)' }).click();
    await editor.getByRole('combobox', { name: 'Operator of condition 2' }).click();
    await page.getByRole('option', { name: 'is at most' }).click();
    await editor.getByRole('textbox', { name: 'Value of condition 2' }).fill('2');
    await editor.getByRole('button', { name: 'Save the segment' }).click();
    // The server's refusal, naming the path inside the rule, beside the value it names.
    const second = editor.getByRole('group', { name: 'Condition 2' });
    await expectVisible(second.getByText('rule.all.1.value: churnRisk is from 0 to 1'));
    expect(await second.getByRole('textbox', { name: 'Value of condition 2' }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'segment-editor');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await second.getByRole('button', { name: 'Remove condition 2' }).click();
    await editor.getByRole('button', { name: 'Save the segment' }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    const segmentId = page.url().split('/').pop()!;

    // Membership follows analytics' customer profile, kept current by events: wait until it holds
    // the customer, then a recompute changes nothing and the page shows what the API has.
    await eventually(async () => {
      const res = await admin<{ segment: { memberCount: number } }>('query($id: ID!) { segment(id: $id) { memberCount } }', {
        id: segmentId,
      });
      if (res.data?.segment.memberCount !== 1) throw new Error(`not a member yet: ${JSON.stringify(res)}`);
    }, 30_000);
    await page.getByRole('button', { name: 'Recompute the members' }).click();
    await expectVisible(page.getByRole('status').getByText('Recomputed: 0 joined, 0 left.'));
    await expectVisible(page.getByRole('status', { name: 'Members' }).getByText('1 member'));
    const members = page.getByRole('table', { name: 'Members' });
    await expectVisible(members.getByRole('link', { name: seeded.customerName }));
    expect(await members.getByRole('row').count()).toBe(2);
    await screenshot(page, 'segment');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Editing reads the stored rule back into the builder.
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await editor.getByRole('textbox', { name: 'Value of condition 1' }).inputValue()).toBe(seeded.industry);
    expect(await editor.getByRole('group', { name: 'Condition 2' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    const row = page.getByRole('table', { name: 'Segments' }).getByRole('row').filter({ hasText: name });
    expect(await row.getByRole('cell').nth(2).innerText()).toBe('1');
    await screenshot(page, 'segments');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  // Last: marketing stays down (the launcher does not restart it), so no case after this one may need it.
  it('keeps the rest of a customer’s 360 working while marketing is down, and says which parts are missing', async () => {
    await stack.stopService('marketing');
    await openAs(page, `${base}/customers/${seeded.customerId}`, 'Sales rep');
    const section = (name: string) => page.getByRole('region', { name });
    await expectVisible(page.getByText('Not available right now: Leads. The rest of the customer is shown.'));
    await expectVisible(section('Leads').getByText('Leads could not be loaded right now.'));
    await expectVisible(section('Loyalty').getByText('Loyalty could not be loaded right now.'));
    // The other subgraphs' parts are all there.
    await expectVisible(section('Contacts').getByText('Ada Lovelace'));
    await expectVisible(section('Deals').getByRole('link', { name: `Fleet renewal ${run}` }));
    await expectVisible(section('Cases').getByText(`Printer on fire ${run}`));
    await expectVisible(section('Partners').getByText(seeded.partners.a.name));
    await section('Timeline').getByRole('listitem').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'customer-360-marketing-down');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

/** A table's rows below its header, each as its cells' text. */
async function bodyRows(table: Locator): Promise<string[][]> {
  return (await table.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split('\t').map((c) => c.trim()));
}

async function expectVisible(locator: ReturnType<Page['getByText']>): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}
