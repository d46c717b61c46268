import { graphql } from './gql';

// The partner safelist is exactly these operations: `npm run console:codegen` writes their
// manifest, and apps/gateway/partner-operations.json must be that manifest (a spec compares them).

export const PARTNER_LIST = graphql(`
  query PartnerList($first: Int, $after: String) {
    partners(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          kind
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PARTNER_SELF = graphql(`
  query PartnerSelf($id: ID!) {
    partner(id: $id) {
      id
      name
      kind
      createdAt
      customerLinks {
        customerId
        linkedAt
      }
    }
  }
`);

export const PARTNER_OPPORTUNITIES = graphql(`
  query PartnerOpportunities($first: Int, $after: String, $filter: OpportunityFilter) {
    opportunities(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          id
          customerId
          name
          amount {
            amount
            currency
          }
          closeDate
          partnerId
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PARTNER_OPPORTUNITY = graphql(`
  query PartnerOpportunity($id: ID!) {
    opportunity(id: $id) {
      id
      customerId
      name
      amount {
        amount
        currency
      }
      closeDate
      partnerId
      status
      createdAt
    }
  }
`);

export const PARTNER_CREATE_OPPORTUNITY = graphql(`
  mutation PartnerCreateOpportunity($input: CreateOpportunityInput!) {
    createOpportunity(input: $input) {
      id
      customerId
      name
      amount {
        amount
        currency
      }
      closeDate
      partnerId
      status
    }
  }
`);

export const PARTNER_UPDATE_OPPORTUNITY = graphql(`
  mutation PartnerUpdateOpportunity($input: UpdateOpportunityInput!) {
    updateOpportunity(input: $input) {
      id
      name
      amount {
        amount
        currency
      }
      closeDate
      partnerId
      status
    }
  }
`);
