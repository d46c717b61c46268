import { randomUUID } from 'node:crypto';
import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { LeadScored } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { MarketingConfig } from '../config/marketing.config';
import { LeadLifecycleService } from '../leads/lead-lifecycle.service';
import type { LeadEntity } from '../leads/lead.entity';
import { LeadStatus } from '../leads/lead.enums';
import { LeadRepository } from '../leads/lead.repository';
import { decayed, fitBreakdown } from './lead-scoring';
import type { LeadScoreChangeEntity } from './lead-score-change.entity';
import type { LeadScoreEntity } from './lead-score.entity';
import type { ScoringRuleEntity } from './scoring-rule.entity';
import { EngagementSignal, FitAttribute } from './scoring.enums';
import type { CreateScoringRuleInput, LeadScoreHistoryArgs, UpdateScoringRuleInput } from './scoring.input';
import { SCORE_HISTORY_CURSORS, ScoringRepository } from './scoring.repository';

/** Rules are few and read on every event; a cap keeps that read small. */
export const RULES_MAX = 200;
/** Leads rescored per transaction after a rule change. */
const RESCORE_BATCH = 500;
/** A qualified score moves a lead to QUALIFIED only from these: never back from UNQUALIFIED or CONVERTED. */
const QUALIFIABLE = new Set<LeadStatus>([LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.RECYCLED]);

/** Points one rule (or a form itself, ruleId null) gives in one change. */
interface Award {
  ruleId: string | null;
  points: number;
}

/** A lead's score after a change, with what to write and publish about it. */
interface Rescored {
  lead: LeadEntity;
  next: LeadScoreEntity;
  changes: LeadScoreChangeEntity[];
  previous: number;
  reason: string;
  awards: Award[];
  fitDelta: number;
  crossed: boolean;
}

function checkRule(input: CreateScoringRuleInput): Omit<ScoringRuleEntity, 'id' | 'createdAt' | 'updatedAt'> {
  const attribute = input.attribute ?? null;
  const signal = input.signal ?? null;
  if ((attribute === null) === (signal === null)) {
    throw new InvalidError('attribute', 'give either attribute (a fit rule) or signal (an engagement rule), not both or neither');
  }
  const values = [...new Set((input.values ?? []).map((v) => v.trim().toLowerCase()).filter(Boolean))];
  const min = input.minEmployees ?? null;
  const max = input.maxEmployees ?? null;
  if (attribute === FitAttribute.EMPLOYEE_COUNT) {
    if (min === null && max === null) throw new InvalidError('minEmployees', 'an EMPLOYEE_COUNT rule needs minEmployees or maxEmployees');
    if (min !== null && max !== null && min > max) throw new InvalidError('maxEmployees', 'must be at least minEmployees');
    if (values.length) throw new InvalidError('values', 'an EMPLOYEE_COUNT rule matches by minEmployees and maxEmployees, not values');
  } else {
    if (min !== null || max !== null) throw new InvalidError('minEmployees', 'only an EMPLOYEE_COUNT rule takes a size range');
    if (attribute !== null && !values.length) throw new InvalidError('values', `a ${attribute} rule needs at least one value`);
    if (signal !== null && values.length) throw new InvalidError('values', 'an engagement rule matches by signal, not values');
  }
  return { name: input.name, attribute, values, minEmployees: min, maxEmployees: max, signal, points: input.points, active: input.active };
}

/**
 * Lead scores: fit from attributes by the fit rules, engagement from what the lead does by the
 * engagement rules (and a form's own points), decaying with a half-life. Kept current from events
 * inside the consumer's transaction; crossing the threshold makes the lead marketing-qualified.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly scoring: ScoringRepository,
    private readonly leads: LeadRepository,
    private readonly lifecycle: LeadLifecycleService,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) private readonly config: MarketingConfig,
  ) {}

  rules(): Promise<ScoringRuleEntity[]> {
    return this.scoring.allRules();
  }

  async createRule(caller: Identity, input: CreateScoringRuleInput): Promise<ScoringRuleEntity> {
    const definition = checkRule(input);
    const now = new Date();
    const rule: ScoringRuleEntity = { id: randomUUID(), ...definition, createdAt: now, updatedAt: now };
    await this.uow.run(caller, async (tx) => {
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('scoring_rule', 0))`);
      if ((await this.scoring.countRules(tx)) >= RULES_MAX)
        throw new ConflictError('name', `there are already ${RULES_MAX} rules; edit one`);
      await this.scoring.insertRule(tx, rule);
    });
    await this.rescoreAll();
    return rule;
  }

  async updateRule(caller: Identity, input: UpdateScoringRuleInput): Promise<ScoringRuleEntity> {
    const definition = checkRule(input);
    const updated = await this.uow.run(caller, (tx) => this.scoring.updateRule(tx, input.id, { ...definition, updatedAt: new Date() }));
    if (!updated) throw new NotFoundError('ScoringRule', input.id, 'id');
    await this.rescoreAll();
    return updated;
  }

  /** The lead did something: engagement rules for the signal (and a form's own points) add to its score. */
  async signal(tx: Transaction, leadId: string, signal: EngagementSignal, at: Date, ownPoints = 0): Promise<void> {
    const rules = await this.scoring.allRules(tx);
    const awards: Award[] = rules.filter((r) => r.active && r.signal === signal).map((r) => ({ ruleId: r.id, points: r.points }));
    if (ownPoints) awards.push({ ruleId: null, points: ownPoints });
    await this.rescore(tx, leadId, rules, at, signal, awards);
  }

  /** The lead's attributes may have changed: its fit is evaluated again. */
  async refit(tx: Transaction, leadId: string, at: Date): Promise<void> {
    const rules = await this.scoring.allRules(tx);
    // With no fit rule an attribute change cannot move the score (a rule change rescored everyone).
    if (!rules.some((r) => r.active && r.attribute !== null)) return;
    await this.rescore(tx, leadId, rules, at, 'FIT', []);
  }

  /**
   * After a rule change every lead's fit is evaluated again, a batch per transaction: the batch's
   * leads locked and their scores read in one statement each, what moved written in one each.
   */
  private async rescoreAll(): Promise<void> {
    const at = new Date();
    for (let after: string | null = null; ;) {
      const ids = await this.scoring.leadIdsAfter(after, RESCORE_BATCH);
      if (!ids.length) return;
      await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
        const rules = await this.scoring.allRules(tx);
        const leads = await this.leads.lockByIds(tx, ids);
        const before = new Map((await this.scoring.scoresIn(tx, ids)).map((s) => [s.leadId, s]));
        const moved = leads.map((lead) => this.scoreOf(lead, before.get(lead.id) ?? null, rules, at, 'FIT', []));
        await this.save(
          tx,
          moved.filter((r) => r !== null),
        );
      });
      after = ids[ids.length - 1]!;
    }
  }

  private async rescore(
    tx: Transaction,
    leadId: string,
    rules: ScoringRuleEntity[],
    at: Date,
    reason: string,
    awards: Award[],
  ): Promise<void> {
    const lead = await this.leads.lockById(tx, leadId);
    if (!lead) return; // merged away or never here: nothing to score
    const rescored = this.scoreOf(lead, await this.scoring.score(tx, leadId), rules, at, reason, awards);
    if (rescored) await this.save(tx, [rescored]);
  }

  /** The lead's score by the rules at `at`, from the one it had; null when nothing moved. Reads and writes nothing. */
  private scoreOf(
    lead: LeadEntity,
    before: LeadScoreEntity | null,
    rules: ScoringRuleEntity[],
    at: Date,
    reason: string,
    awards: Award[],
  ): Rescored | null {
    const fit = fitBreakdown(rules, lead).reduce((sum, b) => sum + b.points, 0);
    const gained = awards.reduce((sum, a) => sum + a.points, 0);
    const since = before?.engagementAt ?? at;
    const engagement = decayed(before?.engagement ?? 0, since, at, this.config.SCORE_HALF_LIFE_DAYS) + gained;
    const score = fit + Math.round(engagement);
    const previous = before?.score ?? 0;
    // Nothing moved: no history row, no event (a lead captured with no matching rule stays unscored).
    if (score === previous && fit === (before?.fit ?? 0) && !awards.length) return null;

    const crossed = !before?.qualifiedAt && score >= this.config.SCORE_MQL_THRESHOLD;
    const next: LeadScoreEntity = {
      leadId: lead.id,
      fit,
      engagement,
      engagementAt: at > since ? at : since,
      score,
      qualifiedAt: before?.qualifiedAt ?? (crossed ? at : null),
      updatedAt: new Date(),
    };
    const change = (ruleId: string | null, why: string, points: number): LeadScoreChangeEntity => ({
      id: randomUUID(),
      leadId: lead.id,
      ruleId,
      reason: why,
      points,
      scoreAfter: score,
      occurredAt: at,
    });
    const fitDelta = fit - (before?.fit ?? 0);
    const changes = [...(fitDelta ? [change(null, 'FIT', fitDelta)] : []), ...awards.map((a) => change(a.ruleId, reason, a.points))];
    return { lead, next, changes, previous, reason, awards, fitDelta, crossed };
  }

  /** Writes new scores with their history and events (one statement each for a batch); a lead that crossed the threshold becomes QUALIFIED. */
  private async save(tx: Transaction, rescored: Rescored[]): Promise<void> {
    if (!rescored.length) return;
    await this.scoring.saveScores(
      tx,
      rescored.map((r) => r.next),
      rescored.flatMap((r) => r.changes),
    );
    for (const r of rescored) {
      if (r.crossed && QUALIFIABLE.has(r.lead.status)) await this.lifecycle.moveIn(tx, r.lead, LeadStatus.QUALIFIED, null, null);
    }
    await this.events.publishMany(
      tx,
      LeadScored,
      rescored.map(({ lead, next, previous, reason, awards, fitDelta, crossed }) => ({
        time: next.updatedAt,
        data: {
          leadId: lead.id,
          customerId: lead.customerId,
          email: lead.email,
          score: next.score,
          previousScore: previous,
          fit: next.fit,
          engagement: Math.round(next.engagement),
          reason,
          rules: [...(fitDelta ? [{ ruleId: null, points: fitDelta }] : []), ...awards],
          qualified: crossed,
          scoredAt: next.updatedAt.toISOString(),
        },
      })),
    );
  }

  async scoresOf(leadIds: readonly string[]): Promise<(LeadScoreEntity | null)[]> {
    const byId = new Map((await this.scoring.scoresOf(leadIds)).map((s) => [s.leadId, s]));
    return leadIds.map((id) => byId.get(id) ?? null);
  }

  history(leadId: string, args: LeadScoreHistoryArgs): Promise<ConnectionShape<LeadScoreChangeEntity>> {
    return SCORE_HISTORY_CURSORS.page({ ...args, sort: 'OCCURRED_AT_DESC' as const }, (q) => this.scoring.history(leadId, q));
  }
}
