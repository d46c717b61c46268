import type { Transaction } from '@crm/database';
import { KeysetCursors } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { FormSubmissionEntity } from './form-submission.entity';
import { WebFormEntity } from './web-form.entity';

export const WEB_FORM_CURSORS = new KeysetCursors('webForms', { CREATED_AT_DESC: { createdAt: 'timestamp', id: 'uuid' } });
export const FORM_SUBMISSION_CURSORS = new KeysetCursors('formSubmissions', {
  SUBMITTED_AT_DESC: { submittedAt: 'timestamp', id: 'uuid' },
});

type After<K extends string> = ({ [k in K]: Date } & { id: string }) | null;

@Injectable()
export class WebFormRepository {
  constructor(@InjectRepository(WebFormEntity) private readonly forms: Repository<WebFormEntity>) {}

  async insert(tx: Transaction, form: WebFormEntity): Promise<void> {
    await tx.manager.insert(WebFormEntity, form);
  }

  async update(tx: Transaction, id: string, patch: Partial<WebFormEntity>): Promise<WebFormEntity | null> {
    const repo = tx.manager.getRepository(WebFormEntity);
    const { affected } = await repo.update({ id }, patch);
    return affected ? repo.findOneByOrFail({ id }) : null;
  }

  findByKey(key: string): Promise<WebFormEntity | null> {
    return this.forms.findOneBy({ key });
  }

  findByIds(ids: readonly string[]): Promise<WebFormEntity[]> {
    return this.forms.findBy({ id: Any(ids) });
  }

  page(q: { after: After<'createdAt'>; limit: number }): Promise<WebFormEntity[]> {
    const qb = this.forms.createQueryBuilder('f');
    if (q.after) qb.where('(f.createdAt, f.id) < (:t, :id)', { t: q.after.createdAt, id: q.after.id });
    return qb.orderBy('f.createdAt', 'DESC').addOrderBy('f.id', 'DESC').limit(q.limit).getMany();
  }

  async insertSubmission(tx: Transaction, s: FormSubmissionEntity): Promise<void> {
    await tx.manager.insert(FormSubmissionEntity, s);
  }

  submissions(formId: string, q: { after: After<'submittedAt'>; limit: number }): Promise<FormSubmissionEntity[]> {
    const qb = this.forms.manager.createQueryBuilder(FormSubmissionEntity, 's').where('s.formId = :formId', { formId });
    if (q.after) qb.andWhere('(s.submittedAt, s.id) < (:t, :id)', { t: q.after.submittedAt, id: q.after.id });
    return qb.orderBy('s.submittedAt', 'DESC').addOrderBy('s.id', 'DESC').limit(q.limit).getMany();
  }
}
