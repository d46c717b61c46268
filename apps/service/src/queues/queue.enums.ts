import { registerEnumType } from '@nestjs/graphql';

export enum RoutingMode {
  /** Members take turns, in the order of their user ids. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** The member with the fewest open cases (across all queues) gets the case; the earliest added wins a tie. */
  LEAST_OPEN = 'LEAST_OPEN',
}

registerEnumType(RoutingMode, { name: 'RoutingMode', description: 'How a queue picks the assignee of a case routed to it.' });
