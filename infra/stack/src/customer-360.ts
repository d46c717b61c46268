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

/**
 * The wide customer 360 (issue 22): the README's fields plus what each domain has added since, one
 * level deep so that every entity fetch is by `Customer` (the bench replays the gateway's plan
 * against the subgraphs to time its critical path, which needs each fetch's representations known
 * before it is sent). Owners and assignees as `User` would add a second, sales-only level.
 */
export const CUSTOMER_360_WIDE_FIELDS = `${CUSTOMER_360_FIELDS}
    tier industry lifecycleStage
    owner { id name }
    opportunities { id name status amount { amount currency } stage { name probability } }
    activities { id type subject dueAt completed }
    notes(first: 5) { edges { node { id body version } } }
    loyalty { balance tier nextTier nextTierThreshold }
    openCaseCount
    cases { firstResponseDueAt resolutionDueAt escalationLevel }
    partners { tier status channelManagerId }
    intelligence {
      lifetimeValue { amount currency }
      rfm(currency: "USD") { segment recency frequency monetary }
      churnRisk { score atRisk reasons { factor weight contribution detail } }
      crossSell(first: 3) { productId lift }
    }`;

export const CUSTOMER_360_WIDE_QUERY = `query Customer360Wide($id: ID!) {
  customer(id: $id) {
    ${CUSTOMER_360_WIDE_FIELDS}
  }
}`;
