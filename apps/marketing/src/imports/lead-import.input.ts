import { ConnectionArgs } from '@crm/graphql';
import { ArgsType } from '@nestjs/graphql';

@ArgsType()
export class LeadImportsArgs extends ConnectionArgs {}
