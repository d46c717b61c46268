import { CanRead } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ForecastArgs } from './forecast.input';
import { Forecast } from './forecast.object';
import { ForecastService } from './forecast.service';

@CanRead('analytics')
@Resolver()
export class ForecastResolver {
  constructor(private readonly forecastService: ForecastService) {}

  @Query(() => Forecast, {
    description:
      'The deals closing in a period: won, pipeline weighted by each stage’s historical win rate, committed and best case, the same period last year and a business-day run rate, per currency.',
  })
  forecast(@Args() args: ForecastArgs): Promise<Forecast> {
    return this.forecastService.forecast(args);
  }
}
