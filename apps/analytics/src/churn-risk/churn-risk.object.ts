import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ChurnFactor } from './churn-score';

export enum ChurnFactorValue {
  INACTIVITY = 'INACTIVITY',
  OPEN_URGENT_CASES = 'OPEN_URGENT_CASES',
  SLA_BREACHES = 'SLA_BREACHES',
  FALLING_ENGAGEMENT = 'FALLING_ENGAGEMENT',
  LOW_CSAT = 'LOW_CSAT',
  LOST_RENEWAL = 'LOST_RENEWAL',
}
registerEnumType(ChurnFactorValue, {
  name: 'ChurnFactor',
  description:
    'What a churn score is made of: days without engagement, open urgent cases, recent SLA breaches, fewer touchpoints than usual, low CSAT, a lost renewal.',
});

@ObjectType({ description: 'One reason of a churn score. Shares are exact decimals from 0 to 1 with four places.' })
export class ChurnReason {
  @Field(() => ChurnFactorValue)
  factor!: ChurnFactor;

  @Field({ description: "The reason's weight in the score." })
  weight!: string;

  @Field({ description: 'How strongly the reason holds, 0 (not at all) to 1 (fully).' })
  signal!: string;

  @Field({ description: 'weight × signal: what the reason adds to the score.' })
  contribution!: string;

  @Field({ description: 'What was counted, for a person.' })
  detail!: string;
}

@ObjectType({ description: "The customer's churn risk, kept current from events and rescored on a schedule." })
export class ChurnRisk {
  @Field({ description: 'The sum of the reasons’ contributions: an exact decimal from 0 to 1 with four places.' })
  score!: string;

  @Field({ description: 'Whether the score is at or above the threshold.' })
  atRisk!: boolean;

  @Field({ description: 'The threshold the score is compared with.' })
  threshold!: string;

  @Field({ description: 'The time the score is as of.' })
  scoredAt!: Date;

  @Field(() => [ChurnReason], { description: 'Every reason, zeros included, the strongest first.' })
  reasons!: ChurnReason[];
}
