import { registerEnumType } from '@nestjs/graphql';

export enum CampaignType {
  EMAIL = 'EMAIL',
  EVENT = 'EVENT',
  WEBINAR = 'WEBINAR',
  PAID_ADS = 'PAID_ADS',
  CONTENT = 'CONTENT',
}

export enum CampaignStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  ABORTED = 'ABORTED',
}

export enum MemberStatus {
  TARGETED = 'TARGETED',
  SENT = 'SENT',
  OPENED = 'OPENED',
  CLICKED = 'CLICKED',
  RESPONDED = 'RESPONDED',
  REGISTERED = 'REGISTERED',
  ATTENDED = 'ATTENDED',
  UNSUBSCRIBED = 'UNSUBSCRIBED',
  BOUNCED = 'BOUNCED',
}

/** Campaign types whose members register and attend. */
export const ATTENDED_TYPES: readonly CampaignType[] = [CampaignType.EVENT, CampaignType.WEBINAR];

/**
 * How far a member has come. A status moves only forward (an open arriving after the click it led
 * to does not undo the click), and UNSUBSCRIBED and BOUNCED are final: nothing after them is news.
 */
const PROGRESS: Record<MemberStatus, number> = {
  TARGETED: 0,
  SENT: 1,
  OPENED: 2,
  CLICKED: 3,
  RESPONDED: 4,
  REGISTERED: 5,
  ATTENDED: 6,
  UNSUBSCRIBED: 100,
  BOUNCED: 100,
};

export function isAdvance(from: MemberStatus, to: MemberStatus): boolean {
  return PROGRESS[from] < 100 && PROGRESS[to] > PROGRESS[from];
}

registerEnumType(CampaignType, { name: 'CampaignType' });
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });
registerEnumType(MemberStatus, {
  name: 'CampaignMemberStatus',
  description:
    'Where a member is: TARGETED when added, then SENT, OPENED, CLICKED, RESPONDED; REGISTERED and ATTENDED for events and webinars. A status only moves forward; UNSUBSCRIBED and BOUNCED are final.',
});
