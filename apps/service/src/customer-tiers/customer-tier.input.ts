import { applyDecorators } from '@nestjs/common';
import { Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Sales' customer tiers: 1 (the top) to 5. */
export const CUSTOMER_TIER_MIN = 1;
export const CUSTOMER_TIER_MAX = 5;

/**
 * The `customerTier` condition of a routing rule or an SLA policy: a tier sales gives customers, or
 * null for every tier. Any other number is BAD_USER_INPUT naming the field (it would match no case).
 */
export function CustomerTierCondition(description: string): PropertyDecorator {
  const message = `customerTier must be a customer tier from ${CUSTOMER_TIER_MIN} (the top) to ${CUSTOMER_TIER_MAX}`;
  return applyDecorators(
    Field(() => Int, { nullable: true, description }),
    IsOptional(),
    IsInt({ message }),
    Min(CUSTOMER_TIER_MIN, { message }),
    Max(CUSTOMER_TIER_MAX, { message }),
  );
}
