/** A small, varied demo data set, created through the gateway like any client would. */

const COMPANIES = [
  ['Acme Corporation', 'acme.com'],
  ['Globex', 'globex.com'],
  ['Initech', 'initech.com'],
  ['Umbrella Health', 'umbrella-health.com'],
  ['Stark Industries', 'stark.com'],
  ['Wayne Enterprises', 'wayne.com'],
  ['Hooli', 'hooli.com'],
  ['Pied Piper', 'piedpiper.com'],
  ['Soylent Foods', 'soylent.com'],
  ['Vandelay Industries', 'vandelay.com'],
  ['Wonka Confectionery', 'wonka.com'],
  ['Cyberdyne Systems', 'cyberdyne.com'],
  ['Tyrell Corporation', 'tyrell.com'],
  ['Oscorp', 'oscorp.com'],
  ['Massive Dynamic', 'massivedynamic.com'],
  ['Aperture Science', 'aperture.com'],
  ['Black Mesa', 'blackmesa.com'],
  ['Dunder Mifflin', 'dundermifflin.com'],
  ['Gringotts', 'gringotts.com'],
  ['Monsters Inc', 'monstersinc.com'],
  ['Nakatomi Trading', 'nakatomi.com'],
  ['Ollivanders', 'ollivanders.com'],
  ['Prestige Worldwide', 'prestigeworldwide.com'],
  ['Sirius Cybernetics', 'sirius.com'],
  ['Virtucon', 'virtucon.com'],
  ['Weyland-Yutani', 'weyland.com'],
  ['Zorg Industries', 'zorg.com'],
  ['Bluth Company', 'bluth.com'],
  ['Krusty Krab', 'krustykrab.com'],
  ['Los Pollos Hermanos', 'lospollos.com'],
] as const;

const PEOPLE = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Linus Torvalds',
  'Margaret Hamilton',
  'Tim Berners-Lee',
  'Barbara Liskov',
];
const CASES = [
  'Cannot log in',
  'Invoice shows the wrong amount',
  'Shipment arrived damaged',
  'Feature request: export to CSV',
  'API returns 500 on save',
  'Request a return label',
];
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
const SOURCES = ['WEB_FORM', 'EVENT', 'REFERRAL', 'PARTNER'];
const PARTNERS = ['Northwind Resellers', 'Contoso Partners', 'Fabrikam Affiliates', 'Tailspin Referrals', 'Adventure Works Channel'];

type Gql = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

export function gatewayClient(url: string, token: string): Gql {
  return async <T>(query: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`seed: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  };
}

export async function seedDemoData(gql: Gql): Promise<string[]> {
  const partnerIds: string[] = [];
  for (const name of PARTNERS) {
    const { createPartner } = await gql<{ createPartner: { id: string } }>(
      'mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }',
      { i: { name } },
    );
    partnerIds.push(createPartner.id);
  }
  const customerIds: string[] = [];
  for (const [i, [name, domain]] of COMPANIES.entries()) {
    const { createCustomer } = await gql<{ createCustomer: { id: string } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
      { i: { name, domain } },
    );
    const customerId = createCustomer.id;
    customerIds.push(customerId);
    for (const person of [PEOPLE[i % PEOPLE.length]!, PEOPLE[(i + 3) % PEOPLE.length]!]) {
      const [firstName, lastName] = person.split(' ');
      await gql('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', {
        i: { customerId, firstName, lastName, email: `${firstName!.toLowerCase()}.${lastName!.toLowerCase()}@${domain}` },
      });
    }
    await gql('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email: `buyer@${domain}`, name: `Buyer at ${name}`, company: name, source: SOURCES[i % SOURCES.length], customerId },
    });
    await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId, subject: CASES[i % CASES.length], priority: PRIORITIES[i % PRIORITIES.length] },
    });
    await gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
      i: { partnerId: partnerIds[i % partnerIds.length], customerId },
    });
  }
  return customerIds;
}

/**
 * The example web form `npm start` serves at /forms/<key> on the gateway: its page posts to itself,
 * so the gateway's own origins are the allowed ones. Answers the form's public key.
 */
export async function seedDemoForm(gql: Gql, gatewayPort: number): Promise<string> {
  const { createWebForm } = await gql<{ createWebForm: { key: string } }>(
    'mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { key } }',
    {
      i: {
        name: 'Talk to sales',
        fieldMap: [
          { field: 'email', attribute: 'EMAIL', required: true },
          { field: 'name', attribute: 'NAME', required: true },
          { field: 'company', attribute: 'COMPANY' },
          { field: 'title', attribute: 'TITLE' },
          { field: 'country', attribute: 'COUNTRY' },
        ],
        consentText: 'Email me product news and event invitations.',
        scorePoints: 10,
        utmSource: 'demo',
        allowedOrigins: [`http://localhost:${gatewayPort}`, `http://127.0.0.1:${gatewayPort}`],
        thankYouMessage: 'Thank you! Someone from sales will be in touch.',
      },
    },
  );
  return createWebForm.key;
}
