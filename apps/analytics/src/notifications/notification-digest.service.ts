import { SYSTEM_IDENTITY } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsConfig } from '../config/analytics.config';
import { renderDigest } from './notification-digest-mail';
import { NotificationDigestRepository } from './notification-digest.repository';
import { NotificationDigestSender } from './notification-digest.sender';

/**
 * The email digest: for each user with a kind in it, one mail of their unread notifications of
 * those kinds that no digest has listed yet, at most once per NOTIFICATION_DIGEST_INTERVAL_MS.
 *
 * Each user is one transaction: it claims the user's digest row (`FOR UPDATE SKIP LOCKED`, so two
 * instances never mail the same user), reads what is pending, hands the mail to the relay, and
 * marks those notifications mailed with the user's next time, before it commits.
 *
 * At least once, as survey mail is: a crash between the relay's acceptance and the commit mails
 * the same notifications again (with the same Message-ID), while the other order (mark, commit,
 * then send) would lose a digest for good on a crash or a refusal. A notification is marked on
 * itself rather than behind a per-user time mark, because its time is its cause's: one committed
 * late (consumer lag, a redelivery) would fall behind a mark and never be mailed.
 */
@Injectable()
export class NotificationDigestService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly digests: NotificationDigestRepository,
    private readonly sender: NotificationDigestSender,
    @Inject(SUBGRAPH_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  /** Mails every user due by `now`; answers how many digests went out. */
  async sendDue(now: Date): Promise<number> {
    if (!this.sender.configured) return 0;
    await this.digests.schedule(now);
    let sent = 0;
    for (;;) {
      // Each claimed user is put past `now` (sent, postponed or refused), so the loop ends.
      const outcome = await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
        const due = await this.digests.claimNext(tx, now);
        if (!due) return 'done' as const;
        const next = new Date(now.getTime() + this.config.NOTIFICATION_DIGEST_INTERVAL_MS);
        const items = await this.digests.pending(tx, due.userId);
        // Nothing to tell, a user who left, or no address yet: nothing is marked, so it waits for the next digest.
        if (items.length === 0 || !due.active || !due.email) {
          await this.digests.postpone(tx, due.userId, next);
          return 'skipped' as const;
        }
        const mail = renderDigest(due.userId, due.name, items, this.config.PUBLIC_URL);
        if ((await this.sender.send(due.userId, due.email, mail)) === 'refused') {
          const pause = Math.min(this.config.NOTIFICATION_DIGEST_RETRY_MS * 2 ** due.attempts, this.config.NOTIFICATION_DIGEST_INTERVAL_MS);
          await this.digests.refused(tx, due.userId, new Date(now.getTime() + pause));
          return 'refused' as const;
        }
        await this.digests.sent(
          tx,
          due.userId,
          items.map((n) => n.id),
          new Date(),
          next,
        );
        return 'sent' as const;
      });
      if (outcome === 'done') return sent;
      if (outcome === 'sent') sent++;
    }
  }
}
