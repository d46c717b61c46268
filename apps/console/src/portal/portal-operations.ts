import { graphql } from './gql';

// The self-service portal's safelist is exactly these operations: `npm run console:codegen` writes
// their manifest, and apps/gateway/portal-operations.json must be that manifest (a spec compares
// them). None selects a message's `internal` flag: the portal contract has no internal notes to show.

export const PORTAL_CASES = graphql(`
  query PortalCases($first: Int, $after: String, $filter: CaseFilter) {
    cases(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          subject
          type
          priority
          status
          openedAt
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PORTAL_CASE = graphql(`
  query PortalCase($id: ID!) {
    case(id: $id) {
      id
      subject
      description
      type
      channel
      priority
      status
      contactId
      openedAt
      updatedAt
      closedAt
      satisfaction {
        sentAt
        expiresAt
        score
        comment
        answeredAt
      }
    }
  }
`);

export const PORTAL_CASE_THREAD = graphql(`
  query PortalCaseThread($caseId: ID!, $first: Int, $after: String) {
    caseThread(caseId: $caseId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          caseId
          body
          authorId
          postedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PORTAL_OPEN_CASE = graphql(`
  mutation PortalOpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
      subject
      type
      channel
      priority
      status
      contactId
      openedAt
    }
  }
`);

export const PORTAL_REPLY = graphql(`
  mutation PortalReply($input: PostCaseMessageInput!) {
    postCaseMessage(input: $input) {
      id
      caseId
      body
      authorId
      postedAt
    }
  }
`);

export const PORTAL_ARTICLE = graphql(`
  query PortalArticle($id: ID!) {
    knowledgeArticle(id: $id) {
      id
      title
      body
      categoryId
      updatedAt
      publishedAt
    }
  }
`);

export const PORTAL_ARTICLES = graphql(`
  query PortalArticles($first: Int, $after: String, $filter: KnowledgeArticleFilter) {
    knowledgeArticles(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          title
          categoryId
          publishedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PORTAL_SEARCH_ARTICLES = graphql(`
  query PortalSearchArticles($query: String!, $categoryId: ID, $first: Int, $after: String) {
    searchKnowledgeArticles(query: $query, categoryId: $categoryId, first: $first, after: $after) {
      edges {
        cursor
        node {
          snippet
          score
          article {
            id
            title
            categoryId
            publishedAt
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PORTAL_CATEGORIES = graphql(`
  query PortalCategories($first: Int, $after: String) {
    knowledgeCategories(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** What the portal shows of a return, in its list and on its page. */
export const PORTAL_RETURN_FIELDS = graphql(`
  fragment PortalReturnFields on CaseReturn {
    id
    caseId
    status
    items {
      productId
      quantity
      reason
      condition
    }
    refund {
      amount
      currency
    }
    rejectionReason
    requestedAt
    updatedAt
  }
`);

export const PORTAL_RETURNS = graphql(`
  query PortalReturns($first: Int, $after: String, $filter: ReturnFilter) {
    caseReturns(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...PortalReturnFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PORTAL_RETURN = graphql(`
  query PortalReturn($id: ID!) {
    caseReturn(id: $id) {
      ...PortalReturnFields
    }
  }
`);

export const PORTAL_REQUEST_RETURN = graphql(`
  mutation PortalRequestReturn($input: RequestReturnInput!) {
    requestReturn(input: $input) {
      ...PortalReturnFields
    }
  }
`);
