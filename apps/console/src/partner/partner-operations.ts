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
      tier
      status
      territory
      channelManagerId
      createdAt
      customerLinks {
        customerId
        customerName
        linkedAt
      }
      users {
        userId
        name
        email
        addedAt
      }
    }
  }
`);

export const PARTNER_DEAL_REGISTRATIONS = graphql(`
  query PartnerDealRegistrations($first: Int, $after: String) {
    dealRegistrations(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          companyName
          domain
          status
          estimatedAmount {
            amount
            currency
          }
          expectedClose
          submittedAt
          protectionExpiresAt
          rejectionReason
          expiredAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PARTNER_DEAL_REGISTRATION = graphql(`
  query PartnerDealRegistration($id: ID!) {
    dealRegistration(id: $id) {
      id
      companyName
      domain
      customerId
      contactName
      contactEmail
      productInterest
      productId
      estimatedAmount {
        amount
        currency
      }
      expectedClose
      status
      opportunityId
      protectionExpiresAt
      rejectionReason
      decidedAt
      submittedAt
      expiredAt
    }
  }
`);

export const PARTNER_REGISTER_DEAL = graphql(`
  mutation PartnerRegisterDeal($input: RegisterDealInput!) {
    registerDeal(input: $input) {
      id
      domain
      status
      submittedAt
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

export const PARTNER_COMMISSIONS = graphql(`
  query PartnerCommissions($first: Int, $after: String, $filter: CommissionFilter) {
    commissions(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          opportunityId
          registrationId
          ratePercent
          base {
            amount
            currency
          }
          amount {
            amount
            currency
          }
          status
          period
          accruedAt
          approvedAt
          paidAt
          reversedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PARTNER_COMMISSION = graphql(`
  query PartnerCommission($id: ID!) {
    commission(id: $id) {
      id
      opportunityId
      customerId
      registrationId
      ratePercent
      base {
        amount
        currency
      }
      amount {
        amount
        currency
      }
      status
      period
      accruedAt
      approvedAt
      paidAt
      reversedAt
    }
  }
`);

export const PARTNER_COMMISSION_STATEMENT = graphql(`
  query PartnerCommissionStatement($partnerId: ID!, $period: String!) {
    commissionStatement(partnerId: $partnerId, period: $period) {
      partnerId
      period
      totals {
        currency
        commissionCount
        accrued {
          amount
          currency
        }
        approved {
          amount
          currency
        }
        paid {
          amount
          currency
        }
        reversed {
          amount
          currency
        }
      }
    }
  }
`);

export const PARTNER_SCORECARD = graphql(`
  query PartnerScorecard($partnerId: ID!, $from: DateTime, $to: DateTime) {
    partnerScorecard(partnerId: $partnerId, from: $from, to: $to) {
      partnerId
      from
      to
      registrationsSubmitted
      registrationsApproved
      registrationsRejected
      registrationsWon
      registrationsLost
      registrationsExpired
      winRate
      revenue {
        amount
        currency
      }
      commissionsAccrued {
        amount
        currency
      }
      commissionsPaid {
        amount
        currency
      }
      leadOffers
      leadOffersAccepted
      leadOffersDeclined
      leadOffersExpired
      leadAcceptanceRate
      averageSecondsToAccept
    }
  }
`);

export const PARTNER_LEAD_OFFERS = graphql(`
  query PartnerLeadOffers($first: Int, $after: String, $status: LeadOfferStatus) {
    leadOffers(first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          id
          leadId
          status
          company
          country
          region
          productId
          industry
          employeeCount
          offeredAt
          expiresAt
          decidedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PARTNER_LEAD_OFFER = graphql(`
  query PartnerLeadOffer($id: ID!) {
    leadOffer(id: $id) {
      id
      leadId
      partnerId
      status
      company
      country
      region
      productId
      industry
      employeeCount
      offeredAt
      expiresAt
      decidedAt
      declineReason
    }
  }
`);

export const PARTNER_ACCEPT_LEAD_OFFER = graphql(`
  mutation PartnerAcceptLeadOffer($input: AcceptLeadOfferInput!) {
    acceptLeadOffer(input: $input) {
      id
      leadId
      status
      decidedAt
    }
  }
`);

export const PARTNER_DECLINE_LEAD_OFFER = graphql(`
  mutation PartnerDeclineLeadOffer($input: DeclineLeadOfferInput!) {
    declineLeadOffer(input: $input) {
      id
      leadId
      status
      decidedAt
      declineReason
    }
  }
`);

export const PARTNER_LEADS = graphql(`
  query PartnerLeads($first: Int, $after: String) {
    partnerLeads(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          email
          company
          title
          country
          acceptedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PARTNER_LEAD = graphql(`
  query PartnerLead($id: ID!) {
    partnerLead(id: $id) {
      id
      name
      email
      company
      title
      country
      industry
      employeeCount
      region
      productId
      partnerId
      routedAt
      acceptedAt
    }
  }
`);

export const PARTNER_SEARCH = graphql(`
  query PartnerSearch($query: String!, $types: [SearchType!], $first: Int) {
    search(query: $query, types: $types, first: $first) {
      type
      score
      matchedFields
      record {
        ... on Customer {
          id
        }
        ... on Opportunity {
          id
          name
          status
        }
        ... on Partner {
          id
          name
        }
      }
    }
  }
`);
