import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { CustomerCreated, OpportunityImported, type PayloadOf } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { UNASSIGNED_CUSTOMER_ID, UnassignedAccountService } from '../customers/unassigned-account.service';
import { notBefore, occurredAt } from '../history/occurred-at';
import { formatAmount } from '../opportunities/money-amount';
import { checkLines, decimalWithin, MAX_AMOUNT, quoteTotals } from '../quotes/quote-totals';
import {
  DealImportRepository,
  type ImportedLineRow,
  type ImportedOpportunityRow,
  type ImportedStageChangeRow,
} from './deal-import.repository';
import type { ImportDealsRecords } from './deal-import.input';
import { parseAccounts, parseDeals, type ImportAccount, type ImportDeal } from './deal-import.schema';
import { ImportOutcome, type ImportDealsResult } from './deal-import.object';

type Stage = { id: string; pipeline_id: string; outcome: string; position: number };

/** Runs `check` with every refusal's field put under `prefix` (`lines.0.quantity` -> `deals.3.lines.0.quantity`). */
function under<T>(prefix: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof InvalidError) throw new InvalidError(`${prefix}.${e.field}`, e.reason);
    if (e instanceof NotFoundError && e.field) throw new NotFoundError(e.what, e.id, `${prefix}.${e.field}`);
    throw e;
  }
}

/** One deal, checked and laid out as its rows. */
interface PlannedDeal {
  index: number;
  row: ImportedOpportunityRow;
  history: ImportedStageChangeRow[];
  lines: ImportedLineRow[];
  event: PayloadOf<typeof OpportunityImported>;
}

/**
 * Loads a company's deal history in batches of up to 500, idempotently by each deal's external id.
 *
 * A batch is all-or-nothing: every record is checked before anything is written, and the first
 * bad one is refused naming its index and field (`deals.3.stages.1.at`), with nothing written at
 * all; a client fixes it and sends the same batch again, which then creates only what is new.
 * Deals imported before are left exactly as they are and reported UNCHANGED. Writes are set-based
 * (one INSERT ... SELECT FROM unnest per table) and each new deal publishes one
 * `opportunity.imported` event, all written to the outbox in one statement.
 */
@Injectable()
export class DealImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly imports: DealImportRepository,
    private readonly events: EventPublisher,
    private readonly unassigned: UnassignedAccountService,
  ) {}

  async importDeals(caller: Identity, input: ImportDealsRecords): Promise<ImportDealsResult> {
    const now = new Date();
    const deals = parseDeals(input.deals);
    const listed = parseAccounts(input.accounts ?? []);
    this.checkRecords(caller, deals, listed, now);
    return this.uow.run(caller, async (tx) => {
      const known = await this.imports.opportunitiesByExternalId(
        tx,
        deals.map((d) => d.externalId),
      );
      const fresh = deals.map((deal, index) => ({ deal, index })).filter(({ deal }) => !known.has(deal.externalId));
      const { accounts, made } = await this.accounts(
        tx,
        listed,
        fresh.map(({ deal }) => deal),
        now,
      );
      const planned = await this.plan(tx, caller, fresh, accounts);
      if (planned.some((p) => p.row.customerId === UNASSIGNED_CUSTOMER_ID)) await this.unassigned.ensure(tx);
      if (planned.length) await this.imports.addToRollupLast(tx);
      const inserted = planned.length
        ? await this.imports.insertOpportunities(
            tx,
            planned.map((p) => p.row),
          )
        : new Set<string>();
      const written = planned.filter((p) => inserted.has(p.row.id));
      await this.imports.insertStageChanges(
        tx,
        written.flatMap((p) => p.history),
      );
      await this.imports.insertLines(
        tx,
        written.flatMap((p) => p.lines),
      );
      await this.events.publishMany(
        tx,
        OpportunityImported,
        written.map((p) => ({ data: p.event, time: p.row.createdAt })),
      );
      // Last: from here to the commit, this batch holds the rollup rows every other batch adds to too.
      if (planned.length)
        await this.imports.addToRollup(
          tx,
          written.map((p) => p.row.id),
        );
      const created = new Map(written.map((p) => [p.index, p.row.id]));
      // A deal skipped by the insert was imported by a concurrent call: it exists, unchanged by this one.
      const raced =
        planned.length > written.length
          ? await this.imports.opportunitiesByExternalId(
              tx,
              planned.map((p) => p.row.externalId),
            )
          : new Map<string, string>();
      return {
        created: created.size,
        unchanged: deals.length - created.size,
        accountsCreated: made.size,
        // Every listed account is here now: found, made by this call, or made by a concurrent one.
        accounts: listed.map((a, index) => ({
          index,
          externalId: a.externalId,
          customerId: accounts.get(a.externalId)!,
          outcome: made.has(a.externalId) ? ImportOutcome.CREATED : ImportOutcome.UNCHANGED,
        })),
        deals: deals.map((deal, index) => {
          const id = created.get(index);
          const opportunityId = id ?? known.get(deal.externalId) ?? raced.get(deal.externalId);
          // Every deal was inserted now, before, or by a concurrent call that committed first.
          if (!opportunityId) throw new Error(`deal ${deal.externalId} was neither inserted nor found`);
          return { index, externalId: deal.externalId, opportunityId, outcome: id ? ImportOutcome.CREATED : ImportOutcome.UNCHANGED };
        }),
      };
    });
  }

  /** What can be checked without the database: each record on its own, and external ids unique in the batch. */
  private checkRecords(caller: Identity, deals: ImportDeal[], listed: ImportAccount[], now: Date): void {
    const seen = new Map<string, number>();
    deals.forEach((deal, i) => {
      const at = `deals.${i}`;
      const first = seen.get(deal.externalId);
      if (first !== undefined) throw new InvalidError(`${at}.externalId`, `repeats deals.${first}.externalId in this batch`);
      seen.set(deal.externalId, i);
      under(at, () => {
        occurredAt(caller, deal.createdAt, 'createdAt', now);
        let previous = deal.createdAt;
        (deal.stages ?? []).forEach((s, j) => {
          occurredAt(caller, s.at, `stages.${j}.at`, now);
          notBefore(s.at, previous, `stages.${j}.at`, j === 0 ? 'creation of the deal' : 'previous stage change');
          previous = s.at;
        });
        const lines = deal.lines ?? [];
        checkLines(lines.map((l) => ({ ...l, unitPrice: l.unitPrice ?? undefined })));
        lines.forEach((l, j) => {
          if (l.unitPrice == null) throw new InvalidError(`lines.${j}.unitPrice`, 'is required in an import');
        });
        if (deal.amount == null && lines.length === 0) throw new InvalidError('amount', 'is required for a deal without lines');
        if (deal.amount != null && !decimalWithin(deal.amount, '0', MAX_AMOUNT)) throw new InvalidError('amount', 'is too large');
      });
    });
    const accountIds = new Map<string, number>();
    listed.forEach((a, i) => {
      const first = accountIds.get(a.externalId);
      if (first !== undefined) throw new InvalidError(`accounts.${i}.externalId`, `repeats accounts.${first}.externalId in this batch`);
      accountIds.set(a.externalId, i);
      if (a.createdAt) under(`accounts.${i}`, () => occurredAt(caller, a.createdAt, 'createdAt', now));
    });
  }

  /** Account external id -> customer id, for the accounts the deals name; creates the batch's new accounts with their events. */
  private async accounts(
    tx: Transaction,
    listed: ImportAccount[],
    deals: ImportDeal[],
    now: Date,
  ): Promise<{ accounts: Map<string, string>; made: Set<string> }> {
    const named = deals.flatMap((d) => (d.accountExternalId ? [d.accountExternalId] : []));
    const accounts = await this.imports.customersByExternalId(tx, [...new Set([...named, ...listed.map((a) => a.externalId)])]);
    // An account of a history existed by its first deal at the latest: created "now", it would come
    // after its own deals on the timeline and in the warehouse's customer versions.
    const firstDeal = new Map<string, Date>();
    for (const d of deals) {
      const seen = d.accountExternalId ? firstDeal.get(d.accountExternalId) : undefined;
      if (d.accountExternalId && (!seen || d.createdAt < seen)) firstDeal.set(d.accountExternalId, d.createdAt);
    }
    const fresh = listed
      .filter((a) => !accounts.has(a.externalId))
      .map((a) => ({ externalId: a.externalId, name: a.name, id: randomUUID(), at: a.createdAt ?? firstDeal.get(a.externalId) ?? now }));
    const created = await this.imports.insertAccounts(tx, fresh);
    const made = fresh.filter((a) => created.has(a.id));
    for (const a of made) accounts.set(a.externalId, a.id);
    await this.events.publishMany(
      tx,
      CustomerCreated,
      made.map((a) => ({ data: { customerId: a.id, name: a.name, kind: 'COMPANY', createdAt: a.at.toISOString() }, time: a.at })),
    );
    if (made.length < fresh.length) {
      // Another import created some of them meanwhile: read them back.
      for (const [k, v] of await this.imports.customersByExternalId(
        tx,
        fresh.map((a) => a.externalId),
      ))
        accounts.set(k, v);
    }
    // Not found and not made: its external id belongs to a deleted account (the key spans those too).
    listed.forEach((a, i) => {
      if (!accounts.has(a.externalId)) {
        throw new InvalidError(`accounts.${i}.externalId`, 'is the external id of a deleted account: restore it, or give this one another');
      }
    });
    return { accounts, made: new Set(made.map((a) => a.externalId)) };
  }

  /** Lays each new deal out as its rows, checking what needs the database: its account, pipeline, stages and products. */
  private async plan(
    tx: Transaction,
    caller: Identity,
    fresh: { deal: ImportDeal; index: number }[],
    accounts: Map<string, string>,
  ): Promise<PlannedDeal[]> {
    if (fresh.length === 0) return [];
    const stages = await this.imports.stagesOf(tx);
    const stageById = new Map(stages.map((s) => [s.id, s]));
    const defaultPipeline = await this.imports.defaultPipelineId(tx);
    const products = await this.imports.products(tx, [...new Set(fresh.flatMap(({ deal }) => (deal.lines ?? []).map((l) => l.productId)))]);
    return fresh.map(({ deal, index }) =>
      under(`deals.${index}`, () => {
        const customerId = deal.accountExternalId ? accounts.get(deal.accountExternalId) : UNASSIGNED_CUSTOMER_ID;
        if (!customerId) throw new InvalidError('accountExternalId', `names no account: list it in accounts, or import it first`);
        const pipelineId = deal.pipelineId ?? defaultPipeline;
        if (!pipelineId) throw new InvalidError('pipelineId', 'is required: there is no pipeline');
        const first = stages.find((s) => s.pipeline_id === pipelineId && s.outcome === 'OPEN');
        if (!first) throw new NotFoundError('Pipeline', pipelineId, 'pipelineId');
        return this.planDeal(caller, deal, index, customerId, first, stageById, products);
      }),
    );
  }

  private planDeal(
    caller: Identity,
    deal: ImportDeal,
    index: number,
    customerId: string,
    first: Stage,
    stageById: Map<string, Stage>,
    products: Map<string, { name: string; active: boolean }>,
  ): PlannedDeal {
    const id = randomUUID();
    const history: ImportedStageChangeRow[] = [
      {
        opportunityId: id,
        fromStageId: null,
        toStageId: first.id,
        fromStatus: null,
        toStatus: 'OPEN',
        changedBy: caller.userId,
        changedAt: deal.createdAt,
      },
    ];
    let current = first;
    (deal.stages ?? []).forEach((s, j) => {
      const stage = stageById.get(s.stageId);
      if (!stage) throw new NotFoundError('Pipeline stage', s.stageId, `stages.${j}.stageId`);
      if (stage.pipeline_id !== first.pipeline_id)
        throw new InvalidError(`stages.${j}.stageId`, "is a stage of another pipeline than the deal's");
      if (current.outcome !== 'OPEN')
        throw new InvalidError(`stages.${j}.stageId`, 'follows a WON or LOST stage: a closing stage must be the last');
      history.push({
        opportunityId: id,
        fromStageId: current.id,
        toStageId: stage.id,
        fromStatus: current.outcome,
        toStatus: stage.outcome,
        changedBy: caller.userId,
        changedAt: s.at,
      });
      current = stage;
    });
    const inputLines = deal.lines ?? [];
    inputLines.forEach((l, j) => {
      const product = products.get(l.productId);
      if (!product) throw new NotFoundError('Product', l.productId, `lines.${j}.productId`);
    });
    const totals = quoteTotals(
      inputLines.map((l) => ({ ...l, unitPrice: l.unitPrice!, taxPercent: '0' })),
      deal.currency,
    );
    const lines: ImportedLineRow[] = inputLines.map((l, position) => ({
      id: randomUUID(),
      opportunityId: id,
      position,
      productId: l.productId,
      description: products.get(l.productId)!.name,
      quantity: l.quantity,
      unitPrice: l.unitPrice!,
      discountPercent: l.discountPercent,
      netAmount: totals.lines[position]!.net,
    }));
    const closed = current.outcome !== 'OPEN';
    const row: ImportedOpportunityRow = {
      id,
      externalId: deal.externalId,
      customerId,
      name: deal.name,
      amount: deal.amount ?? totals.subtotal,
      currency: deal.currency,
      closeDate: deal.closeDate,
      ownerId: deal.ownerId ?? null,
      pipelineId: first.pipeline_id,
      stageId: current.id,
      status: current.outcome,
      closeReason: closed ? (deal.closeReason ?? null) : null,
      closedAt: closed ? history[history.length - 1]!.changedAt : null,
      createdAt: deal.createdAt,
      amountSetByHand: deal.amount != null,
    };
    const money = (amount: string) => ({ amount: formatAmount(amount, deal.currency), currency: deal.currency });
    return {
      index,
      row,
      history,
      lines,
      event: {
        opportunityId: id,
        externalId: deal.externalId,
        customerId,
        name: row.name,
        amount: money(row.amount),
        closeDate: row.closeDate,
        ownerId: row.ownerId,
        pipelineId: row.pipelineId,
        stageId: row.stageId,
        status: row.status as 'OPEN' | 'WON' | 'LOST',
        closeReason: row.closeReason,
        createdAt: row.createdAt.toISOString(),
        closedAt: row.closedAt?.toISOString() ?? null,
        stages: history.map((h) => ({
          stageId: h.toStageId,
          status: h.toStatus as 'OPEN' | 'WON' | 'LOST',
          at: h.changedAt.toISOString(),
        })),
        lines: lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: money(l.unitPrice),
          discountPercent: l.discountPercent,
          net: money(l.netAmount),
        })),
      },
    };
  }
}
