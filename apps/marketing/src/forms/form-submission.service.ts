import { randomUUID } from 'node:crypto';
import { SYSTEM_IDENTITY } from '@crm/auth';
import { FormSubmitted } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ForbiddenError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { ConsentChannel, ConsentSource, ConsentStatus, LawfulBasis } from '../consent/consent.enums';
import { ConsentService } from '../consent/consent.service';
import { LeadSource } from '../leads/lead.enums';
import { PersonKind } from '../people/person.enums';
import type { LeadEntity } from '../leads/lead.entity';
import { LeadRepository } from '../leads/lead.repository';
import { LeadService } from '../leads/lead.service';
import { honeypotFilled, parseSubmission, type FieldError } from './form-values';
import type { WebFormEntity } from './web-form.entity';
import { WebFormRepository } from './web-form.repository';

/** A post that fails the form's field map: every refused field, for the 400 answer. */
export class FormFieldsInvalidError extends InvalidError {
  constructor(readonly fields: FieldError[]) {
    super(fields[0]!.field, fields.map((f) => f.message).join('; '));
    this.name = 'FormFieldsInvalidError';
  }
}

/** What the visitor's browser said about the post. */
export interface SubmissionMeta {
  origin: string | null;
  ipAddress: string | null;
}

const FORM_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** The form's key is unknown: a 404, and nothing written. */
export const formNotFound = (key: string) => new NotFoundError('WebForm', key, 'key');

/** Posts to web forms: public, with no caller; the HTTP edge has already applied rate and size limits. */
@Injectable()
export class FormSubmissionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly forms: WebFormRepository,
    private readonly leadService: LeadService,
    private readonly leads: LeadRepository,
    private readonly events: EventPublisher,
    private readonly consent: ConsentService,
  ) {}

  async formByKey(key: string): Promise<WebFormEntity> {
    // Keys are base64url of 16 bytes; anything else names no form, and costs no query.
    const form = FORM_KEY.test(key) ? await this.forms.findByKey(key) : null;
    if (!form) throw formNotFound(key);
    return form;
  }

  /** A browser's Origin the form does not list; a post without one (a script, a server) is not a browser's. */
  isAllowedOrigin(form: WebFormEntity, origin: string | null): boolean {
    return origin === null || form.allowedOrigins.includes(origin);
  }

  /**
   * Checks and records one post: the lead upserted by email (LeadCaptured), the form's attributes
   * filled, the submission kept with its consent facts (FormSubmitted), a ticked consent recorded
   * with the form as its source (ConsentChanged), all in one transaction.
   * A filled honeypot is `dropped`: answered as accepted, nothing written.
   */
  async submit(key: string, body: Record<string, unknown>, meta: SubmissionMeta): Promise<{ form: WebFormEntity; dropped: boolean }> {
    const form = await this.formByKey(key);
    if (!this.isAllowedOrigin(form, meta.origin)) throw new ForbiddenError(`origin ${meta.origin} may not post to this form`);
    if (honeypotFilled(form, body)) return { form, dropped: true };
    const parsed = parseSubmission(form, body);
    if (Array.isArray(parsed)) throw new FormFieldsInvalidError(parsed);
    const v = parsed.values;
    const now = new Date();
    await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const { lead: captured, inserted } = await this.leadService.captureIn(
        tx,
        { email: v.EMAIL, name: parsed.name, source: LeadSource.WEB_FORM, company: v.COMPANY ?? null },
        now,
      );
      const lead = await this.leads.fillFromForm(tx, captured.id, {
        title: v.TITLE,
        country: v.COUNTRY,
        industry: v.INDUSTRY,
        employeeCount: v.EMPLOYEE_COUNT === undefined ? undefined : Number(v.EMPLOYEE_COUNT),
        phone: v.PHONE,
        formId: form.id,
        campaignId: form.campaignId,
      });
      const submissionId = randomUUID();
      await this.forms.insertSubmission(tx, {
        id: submissionId,
        formId: form.id,
        leadId: lead.id,
        values: v,
        campaignId: form.campaignId,
        utmSource: parsed.utmSource,
        utmMedium: parsed.utmMedium,
        utmTerm: parsed.utmTerm,
        consentText: form.consentText,
        consentGiven: parsed.consentGiven,
        origin: meta.origin,
        ipAddress: meta.ipAddress,
        submittedAt: now,
      });
      await this.events.publish(tx, FormSubmitted, {
        leadId: lead.id,
        customerId: lead.customerId,
        email: lead.email,
        submissionId,
        formId: form.id,
        formName: form.name,
        isNewLead: inserted,
        scorePoints: form.scorePoints,
        consent: { text: form.consentText, given: parsed.consentGiven },
        campaignId: form.campaignId,
        utm: { source: parsed.utmSource, medium: parsed.utmMedium, term: parsed.utmTerm },
        submittedAt: now.toISOString(),
      });
      if (parsed.consentGiven) await this.recordConsent(tx, form, lead);
    });
    return { form, dropped: false };
  }

  /**
   * A ticked box is a grant of email marketing with the form's text. The same grant again (a second
   * post) adds nothing to the record; a withdrawal stands unless the form is an explicit opt-in.
   */
  private async recordConsent(tx: Transaction, form: WebFormEntity, lead: LeadEntity): Promise<void> {
    const current = await this.consent.latest(tx, lead.email, ConsentChannel.EMAIL);
    if (current?.status === ConsentStatus.GRANTED && current.textShown === form.consentText) return;
    await this.consent.record(tx, {
      person: {
        kind: PersonKind.LEAD,
        id: lead.id,
        email: lead.email,
        name: lead.name,
        company: lead.company,
        customerId: lead.customerId,
      },
      channel: ConsentChannel.EMAIL,
      status: ConsentStatus.GRANTED,
      source: ConsentSource.WEB_FORM,
      sourceId: form.id,
      formPost: { explicitOptIn: form.explicitOptIn },
      lawfulBasis: LawfulBasis.CONSENT,
      textShown: form.consentText,
    });
  }
}
