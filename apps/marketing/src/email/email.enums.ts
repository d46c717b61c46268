import { registerEnumType } from '@nestjs/graphql';

export enum EmailSendStatus {
  SCHEDULED = 'SCHEDULED',
  SENDING = 'SENDING',
  COMPLETED = 'COMPLETED',
}

/**
 * PENDING: recorded, not handed to SMTP yet. SENDING: being handed over; after a crash it is sent
 * again with the same Message-ID (SMTP cannot say whether it arrived). SENT: the relay took it.
 * SKIPPED: no email-marketing consent when its turn came. FAILED: the relay refused it.
 */
export enum EmailMessageStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  SENT = 'SENT',
  SKIPPED = 'SKIPPED',
  FAILED = 'FAILED',
}

registerEnumType(EmailSendStatus, { name: 'EmailSendStatus' });
registerEnumType(EmailMessageStatus, { name: 'EmailMessageStatus' });
