import { scopedPartnerId, type Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { KeysetCursors, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { PartnerScorecardArgs, PartnerScorecardsArgs } from './scorecard.input';
import { ScorecardRepository, type ScorecardRow } from './scorecard.repository';

const key = { key: 'decimal', id: 'uuid' } as const;
/** One cursor shape per sort: a cursor of one order is refused by another. */
export const SCORECARD_CURSORS = new KeysetCursors('partnerScorecards', {
  REGISTRATIONS_SUBMITTED_DESC: key,
  REGISTRATIONS_WON_DESC: key,
  WIN_RATE_DESC: key,
});

/** The window's ends, refused on to when it does not come after from. */
function windowOf(args: { from?: Date | null; to?: Date | null }): { from: Date | null; to: Date | null } {
  const from = args.from ?? null;
  const to = args.to ?? null;
  if (from && to && to <= from) throw new InvalidError('to', 'must be after from');
  return { from, to };
}

/** The partner scorecard: the channel team reads any partner's, a partner only its own. */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly scorecards: ScorecardRepository,
  ) {}

  /** Null for a partner that does not exist, or that is not the calling partner (answered exactly alike). */
  async scorecard(caller: Identity, args: PartnerScorecardArgs): Promise<ScorecardRow | null> {
    const { from, to } = windowOf(args);
    const own = scopedPartnerId(caller);
    if (own && own !== args.partnerId) return null;
    return this.uow.run(caller, (tx) => this.scorecards.scorecard(tx, args.partnerId, from, to));
  }

  /**
   * Every partner's scorecard for the channel team, best first by the sort's measure, a page at a
   * time: the page is cut by one statement over the registrations index, and its scorecards come
   * from a second, so a page costs two statements whatever the number of partners.
   */
  async page(caller: Identity, args: PartnerScorecardsArgs): Promise<ConnectionShape<ScorecardRow & { key: string }>> {
    const window = windowOf(args);
    return this.uow.run(caller, (tx) =>
      SCORECARD_CURSORS.page({ first: args.first, after: args.after, sort: args.sort }, async ({ after, limit }) => {
        const ids = await this.scorecards.page(tx, args.sort, window, after, limit);
        const rows = new Map(
          (
            await this.scorecards.scorecards(
              tx,
              ids.map((r) => r.id),
              window.from,
              window.to,
            )
          ).map((r) => [r.partner_id, r]),
        );
        return ids.flatMap(({ id, key }) => {
          const row = rows.get(id);
          return row ? [{ ...row, id, key }] : [];
        });
      }),
    );
  }
}
