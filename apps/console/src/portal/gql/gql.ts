/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PortalCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          subject\n          type\n          priority\n          status\n          openedAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PortalCasesDocument,
    "\n  query PortalCase($id: ID!) {\n    case(id: $id) {\n      id\n      subject\n      description\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n      updatedAt\n      closedAt\n      satisfaction {\n        sentAt\n        expiresAt\n        score\n        comment\n        answeredAt\n      }\n    }\n  }\n": typeof types.PortalCaseDocument,
    "\n  query PortalCaseThread($caseId: ID!, $first: Int, $after: String) {\n    caseThread(caseId: $caseId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          caseId\n          body\n          authorId\n          postedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PortalCaseThreadDocument,
    "\n  mutation PortalOpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      subject\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n    }\n  }\n": typeof types.PortalOpenCaseDocument,
    "\n  mutation PortalReply($input: PostCaseMessageInput!) {\n    postCaseMessage(input: $input) {\n      id\n      caseId\n      body\n      authorId\n      postedAt\n    }\n  }\n": typeof types.PortalReplyDocument,
    "\n  query PortalArticle($id: ID!) {\n    knowledgeArticle(id: $id) {\n      id\n      title\n      body\n      categoryId\n      updatedAt\n      publishedAt\n    }\n  }\n": typeof types.PortalArticleDocument,
    "\n  query PortalArticles($first: Int, $after: String, $filter: KnowledgeArticleFilter) {\n    knowledgeArticles(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          categoryId\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PortalArticlesDocument,
    "\n  query PortalSearchArticles($query: String!, $categoryId: ID, $first: Int, $after: String) {\n    searchKnowledgeArticles(query: $query, categoryId: $categoryId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          snippet\n          score\n          article {\n            id\n            title\n            categoryId\n            publishedAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PortalSearchArticlesDocument,
    "\n  query PortalCategories($first: Int, $after: String) {\n    knowledgeCategories(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PortalCategoriesDocument,
    "\n  fragment PortalReturnFields on CaseReturn {\n    id\n    caseId\n    status\n    items {\n      productId\n      quantity\n      reason\n      condition\n    }\n    refund {\n      amount\n      currency\n    }\n    rejectionReason\n    requestedAt\n    updatedAt\n  }\n": typeof types.PortalReturnFieldsFragmentDoc,
    "\n  query PortalReturns($first: Int, $after: String, $filter: ReturnFilter) {\n    caseReturns(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...PortalReturnFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PortalReturnsDocument,
    "\n  query PortalReturn($id: ID!) {\n    caseReturn(id: $id) {\n      ...PortalReturnFields\n    }\n  }\n": typeof types.PortalReturnDocument,
    "\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) {\n      ...PortalReturnFields\n    }\n  }\n": typeof types.PortalRequestReturnDocument,
};
const documents: Documents = {
    "\n  query PortalCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          subject\n          type\n          priority\n          status\n          openedAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PortalCasesDocument,
    "\n  query PortalCase($id: ID!) {\n    case(id: $id) {\n      id\n      subject\n      description\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n      updatedAt\n      closedAt\n      satisfaction {\n        sentAt\n        expiresAt\n        score\n        comment\n        answeredAt\n      }\n    }\n  }\n": types.PortalCaseDocument,
    "\n  query PortalCaseThread($caseId: ID!, $first: Int, $after: String) {\n    caseThread(caseId: $caseId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          caseId\n          body\n          authorId\n          postedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PortalCaseThreadDocument,
    "\n  mutation PortalOpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      subject\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n    }\n  }\n": types.PortalOpenCaseDocument,
    "\n  mutation PortalReply($input: PostCaseMessageInput!) {\n    postCaseMessage(input: $input) {\n      id\n      caseId\n      body\n      authorId\n      postedAt\n    }\n  }\n": types.PortalReplyDocument,
    "\n  query PortalArticle($id: ID!) {\n    knowledgeArticle(id: $id) {\n      id\n      title\n      body\n      categoryId\n      updatedAt\n      publishedAt\n    }\n  }\n": types.PortalArticleDocument,
    "\n  query PortalArticles($first: Int, $after: String, $filter: KnowledgeArticleFilter) {\n    knowledgeArticles(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          categoryId\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PortalArticlesDocument,
    "\n  query PortalSearchArticles($query: String!, $categoryId: ID, $first: Int, $after: String) {\n    searchKnowledgeArticles(query: $query, categoryId: $categoryId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          snippet\n          score\n          article {\n            id\n            title\n            categoryId\n            publishedAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PortalSearchArticlesDocument,
    "\n  query PortalCategories($first: Int, $after: String) {\n    knowledgeCategories(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PortalCategoriesDocument,
    "\n  fragment PortalReturnFields on CaseReturn {\n    id\n    caseId\n    status\n    items {\n      productId\n      quantity\n      reason\n      condition\n    }\n    refund {\n      amount\n      currency\n    }\n    rejectionReason\n    requestedAt\n    updatedAt\n  }\n": types.PortalReturnFieldsFragmentDoc,
    "\n  query PortalReturns($first: Int, $after: String, $filter: ReturnFilter) {\n    caseReturns(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...PortalReturnFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PortalReturnsDocument,
    "\n  query PortalReturn($id: ID!) {\n    caseReturn(id: $id) {\n      ...PortalReturnFields\n    }\n  }\n": types.PortalReturnDocument,
    "\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) {\n      ...PortalReturnFields\n    }\n  }\n": types.PortalRequestReturnDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          subject\n          type\n          priority\n          status\n          openedAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          subject\n          type\n          priority\n          status\n          openedAt\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCase($id: ID!) {\n    case(id: $id) {\n      id\n      subject\n      description\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n      updatedAt\n      closedAt\n      satisfaction {\n        sentAt\n        expiresAt\n        score\n        comment\n        answeredAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalCase($id: ID!) {\n    case(id: $id) {\n      id\n      subject\n      description\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n      updatedAt\n      closedAt\n      satisfaction {\n        sentAt\n        expiresAt\n        score\n        comment\n        answeredAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCaseThread($caseId: ID!, $first: Int, $after: String) {\n    caseThread(caseId: $caseId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          caseId\n          body\n          authorId\n          postedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalCaseThread($caseId: ID!, $first: Int, $after: String) {\n    caseThread(caseId: $caseId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          caseId\n          body\n          authorId\n          postedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalOpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      subject\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n    }\n  }\n"): (typeof documents)["\n  mutation PortalOpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      subject\n      type\n      channel\n      priority\n      status\n      contactId\n      openedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalReply($input: PostCaseMessageInput!) {\n    postCaseMessage(input: $input) {\n      id\n      caseId\n      body\n      authorId\n      postedAt\n    }\n  }\n"): (typeof documents)["\n  mutation PortalReply($input: PostCaseMessageInput!) {\n    postCaseMessage(input: $input) {\n      id\n      caseId\n      body\n      authorId\n      postedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalArticle($id: ID!) {\n    knowledgeArticle(id: $id) {\n      id\n      title\n      body\n      categoryId\n      updatedAt\n      publishedAt\n    }\n  }\n"): (typeof documents)["\n  query PortalArticle($id: ID!) {\n    knowledgeArticle(id: $id) {\n      id\n      title\n      body\n      categoryId\n      updatedAt\n      publishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalArticles($first: Int, $after: String, $filter: KnowledgeArticleFilter) {\n    knowledgeArticles(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          categoryId\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalArticles($first: Int, $after: String, $filter: KnowledgeArticleFilter) {\n    knowledgeArticles(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          categoryId\n          publishedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalSearchArticles($query: String!, $categoryId: ID, $first: Int, $after: String) {\n    searchKnowledgeArticles(query: $query, categoryId: $categoryId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          snippet\n          score\n          article {\n            id\n            title\n            categoryId\n            publishedAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalSearchArticles($query: String!, $categoryId: ID, $first: Int, $after: String) {\n    searchKnowledgeArticles(query: $query, categoryId: $categoryId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          snippet\n          score\n          article {\n            id\n            title\n            categoryId\n            publishedAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCategories($first: Int, $after: String) {\n    knowledgeCategories(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalCategories($first: Int, $after: String) {\n    knowledgeCategories(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalReturnFields on CaseReturn {\n    id\n    caseId\n    status\n    items {\n      productId\n      quantity\n      reason\n      condition\n    }\n    refund {\n      amount\n      currency\n    }\n    rejectionReason\n    requestedAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment PortalReturnFields on CaseReturn {\n    id\n    caseId\n    status\n    items {\n      productId\n      quantity\n      reason\n      condition\n    }\n    refund {\n      amount\n      currency\n    }\n    rejectionReason\n    requestedAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalReturns($first: Int, $after: String, $filter: ReturnFilter) {\n    caseReturns(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...PortalReturnFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalReturns($first: Int, $after: String, $filter: ReturnFilter) {\n    caseReturns(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...PortalReturnFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalReturn($id: ID!) {\n    caseReturn(id: $id) {\n      ...PortalReturnFields\n    }\n  }\n"): (typeof documents)["\n  query PortalReturn($id: ID!) {\n    caseReturn(id: $id) {\n      ...PortalReturnFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) {\n      ...PortalReturnFields\n    }\n  }\n"): (typeof documents)["\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) {\n      ...PortalReturnFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;