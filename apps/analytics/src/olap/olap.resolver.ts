import { CanRead } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { OlapArgs } from './olap.input';
import { OlapCube, OlapResult, toOlapCube } from './olap.object';
import { OlapService } from './olap.service';

@CanRead('analytics')
@Resolver()
export class OlapResolver {
  constructor(private readonly olapService: OlapService) {}

  @Query(() => [OlapCube], { description: 'The cubes olap can query, with their measures and dimensions.' })
  olapCatalogue(): OlapCube[] {
    return this.olapService.catalogue().map(toOlapCube);
  }

  @Query(() => OlapResult, {
    description:
      'Measures of one cube grouped by dimensions, with optional rollup subtotals, computed in the warehouse. Unknown names are BAD_USER_INPUT naming them.',
  })
  olap(@Args() args: OlapArgs): Promise<OlapResult> {
    return this.olapService.query(args);
  }
}
