import { ArgsType } from '@nestjs/graphql';
import { DayRangeArgs } from '../periods/day-range.args';

@ArgsType()
export class RetentionCohortsArgs extends DayRangeArgs {}
