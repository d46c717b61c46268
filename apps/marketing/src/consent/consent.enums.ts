import { registerEnumType } from '@nestjs/graphql';

export enum ConsentChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  SMS = 'SMS',
  POST = 'POST',
}

export enum ConsentStatus {
  GRANTED = 'GRANTED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ConsentSource {
  WEB_FORM = 'WEB_FORM',
  IMPORT = 'IMPORT',
  MANUAL = 'MANUAL',
  PREFERENCE_CENTER = 'PREFERENCE_CENTER',
  UNSUBSCRIBE_LINK = 'UNSUBSCRIBE_LINK',
}

/** The lawful bases of GDPR article 6(1). */
export enum LawfulBasis {
  CONSENT = 'CONSENT',
  CONTRACT = 'CONTRACT',
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
  VITAL_INTERESTS = 'VITAL_INTERESTS',
  PUBLIC_TASK = 'PUBLIC_TASK',
  LEGITIMATE_INTERESTS = 'LEGITIMATE_INTERESTS',
}

registerEnumType(ConsentChannel, { name: 'ConsentChannel', description: 'How a person may be contacted for marketing.' });
registerEnumType(ConsentStatus, { name: 'ConsentStatus' });
registerEnumType(ConsentSource, {
  name: 'ConsentSource',
  description:
    'Where a consent change came from. An IMPORT never re-grants consent the person withdrew; a post to a web form does only when the form is an explicit opt-in.',
});
registerEnumType(LawfulBasis, { name: 'LawfulBasis', description: 'The lawful basis for processing (GDPR article 6(1)).' });
