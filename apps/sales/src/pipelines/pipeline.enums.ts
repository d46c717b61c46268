import { registerEnumType } from '@nestjs/graphql';

export enum ForecastCategory {
  PIPELINE = 'PIPELINE',
  BEST_CASE = 'BEST_CASE',
  COMMIT = 'COMMIT',
  CLOSED = 'CLOSED',
  OMITTED = 'OMITTED',
}

registerEnumType(ForecastCategory, {
  name: 'ForecastCategory',
  description: 'How an opportunity in a stage counts in the forecast.',
});

export enum StageOutcome {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}

registerEnumType(StageOutcome, {
  name: 'StageOutcome',
  description: 'OPEN stages are worked; reaching a WON (closed-won) or LOST (closed-lost) stage closes the opportunity.',
});
