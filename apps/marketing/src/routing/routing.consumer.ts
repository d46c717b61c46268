import {
  LeadStatusChanged,
  TeamCreated,
  TeamDeleted,
  TeamMembersChanged,
  UserActiveChanged,
  UserCreated,
  UserUpdated,
} from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RoutingRepository } from './routing.repository';
import { RoutingService } from './routing.service';

/**
 * Routes a lead when it becomes QUALIFIED (by score or by hand), and keeps the read model of sales'
 * users and teams the rules assign to, all in the consumer's transaction.
 */
@Injectable()
export class RoutingConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly routing: RoutingService,
    private readonly directory: RoutingRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('marketing-routing', [
      on(LeadStatusChanged, ({ data }, tx) => (data.to === 'QUALIFIED' ? this.routing.route(tx, data.leadId) : Promise.resolve())),
    ]);
    this.runner.subscribe('marketing-sales-directory', [
      on(UserCreated, ({ data }, tx) => this.directory.upsertUser(tx, data.userId, data.active)),
      on(UserUpdated, ({ data }, tx) => this.directory.upsertUser(tx, data.userId, data.active)),
      on(UserActiveChanged, ({ data }, tx) => this.directory.upsertUser(tx, data.userId, data.active)),
      on(TeamCreated, ({ data }, tx) => this.directory.upsertTeam(tx, data.teamId)),
      on(TeamMembersChanged, ({ data }, tx) => this.directory.setMembers(tx, data.teamId, data.memberIds)),
      on(TeamDeleted, ({ data }, tx) => this.directory.deleteTeam(tx, data.teamId)),
    ]);
  }
}
