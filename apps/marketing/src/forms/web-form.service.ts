import { randomBytes, randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import type { ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { FormSubmissionEntity } from './form-submission.entity';
import { CONSENT_FIELD, UTM_FIELDS } from './form-values';
import type { WebFormEntity } from './web-form.entity';
import {
  LeadAttributeInput,
  type CreateWebFormInput,
  type FormSubmissionsArgs,
  type UpdateWebFormInput,
  type WebFormsArgs,
} from './web-form.input';
import { FORM_SUBMISSION_CURSORS, WEB_FORM_CURSORS, WebFormRepository } from './web-form.repository';

/** Input names a form may not map: the platform reads them itself. */
const RESERVED = new Set<string>([CONSENT_FIELD, ...Object.values(UTM_FIELDS)]);

/** scheme://host[:port] exactly, as a browser sends it in Origin. */
function checkOrigin(origin: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(origin);
  } catch {
    // refused below
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
    throw new InvalidError('allowedOrigins', `${origin} is not an origin: give scheme://host[:port], with nothing after it`);
  }
}

/** The definition's rules that one field cannot check alone. */
function checkDefinition(input: CreateWebFormInput): void {
  const names = new Set<string>();
  for (const m of input.fieldMap) {
    if (names.has(m.field)) throw new InvalidError('fieldMap', `maps ${m.field} twice`);
    if (RESERVED.has(m.field) || m.field === input.honeypotField) {
      throw new InvalidError('fieldMap', `${m.field} is read by the form itself (consent, UTM or honeypot); use another input name`);
    }
    names.add(m.field);
  }
  const emails = input.fieldMap.filter((m) => m.attribute === LeadAttributeInput.EMAIL);
  if (emails.length !== 1) throw new InvalidError('fieldMap', 'must map exactly one field to EMAIL: leads are found by email');
  input.allowedOrigins.forEach(checkOrigin);
  if (input.explicitOptIn && !input.consentText) {
    throw new InvalidError('explicitOptIn', 'needs consentText: an opt-in is the words the person ticks');
  }
}

const definitionOf = (input: CreateWebFormInput) => ({
  name: input.name,
  fieldMap: input.fieldMap.map((m) => ({ field: m.field, attribute: m.attribute, required: m.required })),
  campaignId: input.campaignId ?? null,
  utmSource: input.utmSource ?? null,
  utmMedium: input.utmMedium ?? null,
  utmTerm: input.utmTerm ?? null,
  consentText: input.consentText ?? null,
  explicitOptIn: input.explicitOptIn,
  honeypotField: input.honeypotField,
  scorePoints: input.scorePoints,
  allowedOrigins: [...new Set(input.allowedOrigins)],
  thankYouUrl: input.thankYouUrl ?? null,
  thankYouMessage: input.thankYouMessage ?? null,
});

/** Web forms as marketing defines them; posts to them are FormSubmissionService's. */
@Injectable()
export class WebFormService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly forms: WebFormRepository,
  ) {}

  async create(caller: Identity, input: CreateWebFormInput): Promise<WebFormEntity> {
    checkDefinition(input);
    const now = new Date();
    // 128 random bits: a key cannot be guessed to find forms, and says nothing about the form.
    const form: WebFormEntity = {
      id: randomUUID(),
      key: randomBytes(16).toString('base64url'),
      ...definitionOf(input),
      createdAt: now,
      updatedAt: now,
    };
    await this.uow.run(caller, (tx) => this.forms.insert(tx, form));
    return form;
  }

  async update(caller: Identity, input: UpdateWebFormInput): Promise<WebFormEntity> {
    checkDefinition(input);
    const updated = await this.uow.run(caller, (tx) => this.forms.update(tx, input.id, { ...definitionOf(input), updatedAt: new Date() }));
    if (!updated) throw new NotFoundError('WebForm', input.id, 'id');
    return updated;
  }

  async findByIds(ids: readonly string[]): Promise<(WebFormEntity | null)[]> {
    const byId = new Map((await this.forms.findByIds(ids)).map((f) => [f.id, f]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  page(args: WebFormsArgs): Promise<ConnectionShape<WebFormEntity>> {
    return WEB_FORM_CURSORS.page({ ...args, sort: 'CREATED_AT_DESC' as const }, (q) => this.forms.page(q));
  }

  submissions(formId: string, args: FormSubmissionsArgs): Promise<ConnectionShape<FormSubmissionEntity>> {
    return FORM_SUBMISSION_CURSORS.page({ ...args, sort: 'SUBMITTED_AT_DESC' as const }, (q) => this.forms.submissions(formId, q));
  }
}
