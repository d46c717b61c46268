import { ConnectionArgs, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum } from 'class-validator';

/**
 * The roles an integration may hold. Not admin: a key that could mint more keys and reorganise the
 * directory would turn one leaked secret into the whole CRM, so admin work is done with a person's
 * token. Not partner or customer: those scopes belong to the partners service and the portal.
 */
export enum ServiceAccountRole {
  SALES = 'sales',
  MARKETING = 'marketing',
  SERVICE = 'service',
  ANALYST = 'analyst',
}
registerEnumType(ServiceAccountRole, {
  name: 'ServiceAccountRole',
  description: 'A staff role a service account may hold; admin, partner and customer are never given to an integration.',
});

const ROLE_NAMES = Object.keys(ServiceAccountRole).join(', ');

@InputType()
export class CreateServiceAccountInput {
  @Field({ description: 'Unique, e.g. "ERP sync".' })
  @TrimmedString({ min: 1, max: 100 })
  name!: string;

  @Field(() => [ServiceAccountRole], { description: 'What its tokens may do, as the same roles a person has.' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayMaxSize(4, { message: 'roles must have at most 4 entries' })
  @IsEnum(ServiceAccountRole, { each: true, message: `roles must be among ${ROLE_NAMES}` })
  roles!: ServiceAccountRole[];
}

@ArgsType()
export class ServiceAccountsArgs extends ConnectionArgs {}

@ArgsType()
export class ServiceAccountIdArgs {
  @Field(() => ID)
  @UuidInput()
  serviceAccountId!: string;
}
