/**
 * The README's customer-360 query: one customer with what every subgraph adds to it. `npm start`
 * prints it as the example to try, the gateway's end-to-end spec checks its answer and the bench
 * times it, so that all three speak of the same query.
 */
export const CUSTOMER_360_FIELDS = `id name
    contacts { id fullName email }
    leads { id email status }
    cases { id subject status priority }
    partners { id name }
    metrics { interactionCount lastInteractionAt }
    timeline(first: 10) { edges { node { occurredAt type source summary } } }`;

export const CUSTOMER_360_QUERY = `query Customer360($id: ID!) {
  customer(id: $id) {
    ${CUSTOMER_360_FIELDS}
  }
}`;
