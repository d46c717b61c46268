export { ErrorCodes, badUserInput, createErrorFormatter, forbidden, isPublicCode, publicCodeOf, unauthenticated } from './errors';
// Money before the keyset cursors, which load the connection types: code-first schemas print types in the order
// they were first declared, and the committed schemas have Money before PageInfo.
export { Money, MoneyInput } from './money';
export {
  KeysetCursors,
  type CursorColumn,
  type Keyset,
  type KeysetOf,
  type PageArgs,
  type PageFetch,
  type SortColumns,
} from './keyset-cursor';
export { errorReportingPlugin } from './error-reporting';
export { createValidationPipe, findUnstorableText, isUuid, IsOptionalNotNull, ParseIdPipe, referenceId } from './validation';
export {
  Connection,
  ConnectionArgs,
  DEFAULT_PAGE_SIZE,
  FilterArg,
  MAX_PAGE_SIZE,
  PageInfo,
  pageSize,
  SortArg,
  toConnection,
  type ConnectionShape,
  mapNodes,
} from './connection';
export { RequestLoaders, groupByKeys, type GraphQLRequestContext } from './request-loaders';
export { DateTimeScalar, IsCalendarDate, isCalendarDate, parseDateTime } from './date-time.scalar';
export { subgraphGraphQLModule, type SubgraphGraphQLOptions } from './subgraph-graphql.module';
export { buildSubgraphSchema, emitSubgraphSchema, printServedSchema } from './schema-emitter';
export { PARTNER_TAG, PORTAL_TAG } from './contract';
export { lower, lowerAll, trim, trimOrNull } from './input-transforms';
export {
  TrimmedString,
  TrimmedStringOrNull,
  UuidInput,
  UuidList,
  type Optionality,
  type TrimmedStringOptions,
  type TrimmedStringOrNullOptions,
  type UuidInputOptions,
  type UuidListOptions,
} from './input-decorators';
export { CustomerRef } from './customer-ref.object';
export { EntityStub, entityStubs } from './entity-stub';
export { UserRef, userRef } from './user-ref.object';
export {
  CONTACT_POINTS_MAX,
  ContactEmail,
  ContactEmailInput,
  ContactPhone,
  ContactPhoneInput,
  ContactPointsField,
  ContactPointType,
  normaliseContactPoints,
  PHONE_PATTERN,
  type ContactPointRow,
} from './contact-points';
