import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { ConsentChanged } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import type { CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { Person } from '../people/person';
import { PersonService } from '../people/person.service';
import type { ConsentRecordEntity } from './consent-record.entity';
import type { ConsentStateEntity } from './consent-state.entity';
import { ConsentChannel, ConsentSource, ConsentStatus, type LawfulBasis } from './consent.enums';
import type { ConsentHistoryArgs, RecordConsentInput } from './consent.input';
import { CONSENT_CURSORS, ConsentHistorySort, ConsentRepository } from './consent.repository';

export interface ConsentChange {
  person: Person;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  lawfulBasis: LawfulBasis;
  textShown: string | null;
  /** What the change came through: the web form of a WEB_FORM grant, the campaign of an unsubscribe. */
  sourceId?: string | null;
  /** Set when a post to one of marketing's own web forms ticked its box (see `liftsWithdrawal`). */
  formPost?: { explicitOptIn: boolean };
}

export type ConsentOutcome =
  | { recorded: true; record: ConsentRecordEntity }
  /** The person had withdrawn and this source may not grant again: nothing was written. */
  | { recorded: false; current: ConsentStateEntity };

/**
 * Withdrawn stays withdrawn against an import and against an ordinary form post: a list bought
 * elsewhere is not the person asking again, and a newsletter box ticked on a download form is too
 * easily ticked (or pre-filled by a browser) to undo an unsubscribe. Only an explicit opt-in form,
 * the preference centre or a grant staff took with its text lift a withdrawal.
 */
function liftsWithdrawal(change: ConsentChange): boolean {
  if (change.source === ConsentSource.IMPORT) return false;
  if (change.formPost) return change.formPost.explicitOptIn;
  return true;
}

/**
 * The consent record. Other marketing code (form posts, imports, unsubscribe links) records
 * through `record` inside its own transaction, so a change and its consent commit together.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly consents: ConsentRepository,
    private readonly people: PersonService,
    private readonly events: EventPublisher,
  ) {}

  /** Appends a grant or withdrawal and publishes consent.changed, unless it would lift a withdrawal it may not. */
  async record(tx: Transaction, change: ConsentChange): Promise<ConsentOutcome> {
    const { person } = change;
    const current = await this.consents.lock(tx, person.email, change.channel);
    if (current?.status === ConsentStatus.WITHDRAWN && change.status === ConsentStatus.GRANTED && !liftsWithdrawal(change)) {
      return { recorded: false, current };
    }
    const record: ConsentRecordEntity = {
      id: randomUUID(),
      personKind: person.kind,
      personId: person.id,
      customerId: person.customerId,
      email: person.email,
      channel: change.channel,
      status: change.status,
      source: change.source,
      sourceId: change.sourceId ?? null,
      lawfulBasis: change.lawfulBasis,
      textShown: change.textShown,
      recordedBy: tx.caller.userId,
      recordedAt: new Date(),
    };
    await this.consents.append(tx, record);
    await this.events.publish(tx, ConsentChanged, {
      consentId: record.id,
      personKind: record.personKind,
      personId: record.personId,
      customerId: record.customerId,
      email: record.email,
      channel: record.channel,
      status: record.status,
      source: record.source,
      lawfulBasis: record.lawfulBasis,
      recordedAt: record.recordedAt.toISOString(),
    });
    return { recorded: true, record };
  }

  /** The API's change: a grant must say what the person agreed to; a refused re-grant is a conflict, not a silent no-op. */
  async recordFor(caller: Identity, input: RecordConsentInput, credential: CallerCredential): Promise<ConsentRecordEntity> {
    if (input.status === ConsentStatus.GRANTED && !input.textShown) {
      throw new InvalidError('textShown', 'is required for a grant: the words the person agreed to');
    }
    const person = await this.people.resolve(input.person, 'person', credential);
    const outcome = await this.uow.run(caller, (tx) =>
      this.record(tx, {
        person,
        channel: input.channel,
        status: input.status,
        source: input.source,
        lawfulBasis: input.lawfulBasis,
        textShown: input.textShown ?? null,
      }),
    );
    if (!outcome.recorded) {
      throw new ConflictError('source', `${person.email} withdrew ${input.channel} consent; ${input.source} cannot grant it again`);
    }
    return outcome.record;
  }

  /** The record behind the address's current consent on `channel`. */
  latest(tx: Transaction, email: string, channel: ConsentChannel): Promise<ConsentRecordEntity | null> {
    return this.consents.currentRecord(tx, email, channel);
  }

  /** Of `emails`, the addresses that may be sent email marketing now. */
  mayEmail(tx: Transaction, emails: readonly string[]): Promise<Set<string>> {
    return this.consents.granted(tx, emails, ConsentChannel.EMAIL);
  }

  current(email: string): Promise<ConsentStateEntity[]> {
    return this.consents.currentByEmail(email);
  }

  history(args: ConsentHistoryArgs): Promise<ConnectionShape<ConsentRecordEntity>> {
    const { email, personId } = args.filter;
    // One fixed order, newest first.
    return CONSENT_CURSORS.page({ ...args, sort: ConsentHistorySort.RECORDED_AT_DESC }, (q) =>
      this.consents.page({ ...q, email, personId }),
    );
  }
}
