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
    "\n  query PartnerList($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PartnerListDocument,
    "\n  query PartnerSelf($id: ID!) {\n    partner(id: $id) {\n      id\n      name\n      kind\n      tier\n      status\n      territory\n      channelManagerId\n      createdAt\n      customerLinks {\n        customerId\n        linkedAt\n      }\n      users {\n        userId\n        name\n        email\n        addedAt\n      }\n    }\n  }\n": typeof types.PartnerSelfDocument,
    "\n  query PartnerDealRegistrations($first: Int, $after: String) {\n    dealRegistrations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          companyName\n          domain\n          status\n          estimatedAmount {\n            amount\n            currency\n          }\n          expectedClose\n          submittedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PartnerDealRegistrationsDocument,
    "\n  query PartnerDealRegistration($id: ID!) {\n    dealRegistration(id: $id) {\n      id\n      companyName\n      domain\n      customerId\n      contactName\n      contactEmail\n      productInterest\n      productId\n      estimatedAmount {\n        amount\n        currency\n      }\n      expectedClose\n      status\n      opportunityId\n      protectionExpiresAt\n      rejectionReason\n      decidedAt\n      submittedAt\n      expiredAt\n    }\n  }\n": typeof types.PartnerDealRegistrationDocument,
    "\n  mutation PartnerRegisterDeal($input: RegisterDealInput!) {\n    registerDeal(input: $input) {\n      id\n      domain\n      status\n      submittedAt\n    }\n  }\n": typeof types.PartnerRegisterDealDocument,
    "\n  query PartnerOpportunities($first: Int, $after: String, $filter: OpportunityFilter) {\n    opportunities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          customerId\n          name\n          amount {\n            amount\n            currency\n          }\n          closeDate\n          partnerId\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PartnerOpportunitiesDocument,
    "\n  query PartnerOpportunity($id: ID!) {\n    opportunity(id: $id) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n      createdAt\n    }\n  }\n": typeof types.PartnerOpportunityDocument,
    "\n  mutation PartnerCreateOpportunity($input: CreateOpportunityInput!) {\n    createOpportunity(input: $input) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n": typeof types.PartnerCreateOpportunityDocument,
    "\n  mutation PartnerUpdateOpportunity($input: UpdateOpportunityInput!) {\n    updateOpportunity(input: $input) {\n      id\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n": typeof types.PartnerUpdateOpportunityDocument,
};
const documents: Documents = {
    "\n  query PartnerList($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PartnerListDocument,
    "\n  query PartnerSelf($id: ID!) {\n    partner(id: $id) {\n      id\n      name\n      kind\n      tier\n      status\n      territory\n      channelManagerId\n      createdAt\n      customerLinks {\n        customerId\n        linkedAt\n      }\n      users {\n        userId\n        name\n        email\n        addedAt\n      }\n    }\n  }\n": types.PartnerSelfDocument,
    "\n  query PartnerDealRegistrations($first: Int, $after: String) {\n    dealRegistrations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          companyName\n          domain\n          status\n          estimatedAmount {\n            amount\n            currency\n          }\n          expectedClose\n          submittedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PartnerDealRegistrationsDocument,
    "\n  query PartnerDealRegistration($id: ID!) {\n    dealRegistration(id: $id) {\n      id\n      companyName\n      domain\n      customerId\n      contactName\n      contactEmail\n      productInterest\n      productId\n      estimatedAmount {\n        amount\n        currency\n      }\n      expectedClose\n      status\n      opportunityId\n      protectionExpiresAt\n      rejectionReason\n      decidedAt\n      submittedAt\n      expiredAt\n    }\n  }\n": types.PartnerDealRegistrationDocument,
    "\n  mutation PartnerRegisterDeal($input: RegisterDealInput!) {\n    registerDeal(input: $input) {\n      id\n      domain\n      status\n      submittedAt\n    }\n  }\n": types.PartnerRegisterDealDocument,
    "\n  query PartnerOpportunities($first: Int, $after: String, $filter: OpportunityFilter) {\n    opportunities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          customerId\n          name\n          amount {\n            amount\n            currency\n          }\n          closeDate\n          partnerId\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PartnerOpportunitiesDocument,
    "\n  query PartnerOpportunity($id: ID!) {\n    opportunity(id: $id) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n      createdAt\n    }\n  }\n": types.PartnerOpportunityDocument,
    "\n  mutation PartnerCreateOpportunity($input: CreateOpportunityInput!) {\n    createOpportunity(input: $input) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n": types.PartnerCreateOpportunityDocument,
    "\n  mutation PartnerUpdateOpportunity($input: UpdateOpportunityInput!) {\n    updateOpportunity(input: $input) {\n      id\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n": types.PartnerUpdateOpportunityDocument,
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
export function graphql(source: "\n  query PartnerList($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PartnerList($first: Int, $after: String) {\n    partners(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerSelf($id: ID!) {\n    partner(id: $id) {\n      id\n      name\n      kind\n      tier\n      status\n      territory\n      channelManagerId\n      createdAt\n      customerLinks {\n        customerId\n        linkedAt\n      }\n      users {\n        userId\n        name\n        email\n        addedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PartnerSelf($id: ID!) {\n    partner(id: $id) {\n      id\n      name\n      kind\n      tier\n      status\n      territory\n      channelManagerId\n      createdAt\n      customerLinks {\n        customerId\n        linkedAt\n      }\n      users {\n        userId\n        name\n        email\n        addedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerDealRegistrations($first: Int, $after: String) {\n    dealRegistrations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          companyName\n          domain\n          status\n          estimatedAmount {\n            amount\n            currency\n          }\n          expectedClose\n          submittedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PartnerDealRegistrations($first: Int, $after: String) {\n    dealRegistrations(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          companyName\n          domain\n          status\n          estimatedAmount {\n            amount\n            currency\n          }\n          expectedClose\n          submittedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerDealRegistration($id: ID!) {\n    dealRegistration(id: $id) {\n      id\n      companyName\n      domain\n      customerId\n      contactName\n      contactEmail\n      productInterest\n      productId\n      estimatedAmount {\n        amount\n        currency\n      }\n      expectedClose\n      status\n      opportunityId\n      protectionExpiresAt\n      rejectionReason\n      decidedAt\n      submittedAt\n      expiredAt\n    }\n  }\n"): (typeof documents)["\n  query PartnerDealRegistration($id: ID!) {\n    dealRegistration(id: $id) {\n      id\n      companyName\n      domain\n      customerId\n      contactName\n      contactEmail\n      productInterest\n      productId\n      estimatedAmount {\n        amount\n        currency\n      }\n      expectedClose\n      status\n      opportunityId\n      protectionExpiresAt\n      rejectionReason\n      decidedAt\n      submittedAt\n      expiredAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PartnerRegisterDeal($input: RegisterDealInput!) {\n    registerDeal(input: $input) {\n      id\n      domain\n      status\n      submittedAt\n    }\n  }\n"): (typeof documents)["\n  mutation PartnerRegisterDeal($input: RegisterDealInput!) {\n    registerDeal(input: $input) {\n      id\n      domain\n      status\n      submittedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerOpportunities($first: Int, $after: String, $filter: OpportunityFilter) {\n    opportunities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          customerId\n          name\n          amount {\n            amount\n            currency\n          }\n          closeDate\n          partnerId\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PartnerOpportunities($first: Int, $after: String, $filter: OpportunityFilter) {\n    opportunities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          customerId\n          name\n          amount {\n            amount\n            currency\n          }\n          closeDate\n          partnerId\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerOpportunity($id: ID!) {\n    opportunity(id: $id) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query PartnerOpportunity($id: ID!) {\n    opportunity(id: $id) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PartnerCreateOpportunity($input: CreateOpportunityInput!) {\n    createOpportunity(input: $input) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PartnerCreateOpportunity($input: CreateOpportunityInput!) {\n    createOpportunity(input: $input) {\n      id\n      customerId\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PartnerUpdateOpportunity($input: UpdateOpportunityInput!) {\n    updateOpportunity(input: $input) {\n      id\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PartnerUpdateOpportunity($input: UpdateOpportunityInput!) {\n    updateOpportunity(input: $input) {\n      id\n      name\n      amount {\n        amount\n        currency\n      }\n      closeDate\n      partnerId\n      status\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;