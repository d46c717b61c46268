import { Connection } from '@crm/graphql';
import { ImportStatus, jobProgress, OnDuplicate, type ImportJobRow } from '@crm/subgraph';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

registerEnumType(ImportStatus, { name: 'LeadImportStatus', description: 'RUNNING while rows are left to apply, then COMPLETED.' });
registerEnumType(OnDuplicate, {
  name: 'LeadImportOnDuplicate',
  description: 'What the import does with a row whose email is a lead already: UPDATE it or SKIP the row.',
});

@ObjectType('LeadImportRows', { description: "An import's rows: how many the file had, and what became of those done so far." })
export class LeadImportRows {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Rows settled: created + updated + skipped + failed.' })
  done!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int, {
    description: 'Rows that changed nothing: a lead that exists (SKIP), holds these values already, or an email repeated in the file.',
  })
  skipped!: number;

  @Field(() => Int, { description: 'Rows refused with a reason; the failed-rows report lists them.' })
  failed!: number;
}

@ObjectType('LeadImport', {
  description: 'A lead CSV import uploaded to POST /imports/leads, and its progress: the same job GET /imports/leads/<id> answers.',
})
export class LeadImport {
  @Field(() => ID)
  id!: string;

  @Field(() => ImportStatus)
  status!: ImportStatus;

  @Field(() => OnDuplicate)
  onDuplicate!: OnDuplicate;

  @Field(() => LeadImportRows)
  rows!: LeadImportRows;

  @Field(() => ID, { nullable: true, description: 'The user who uploaded the file.' })
  createdById!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the last row was settled; null while RUNNING.' })
  finishedAt!: Date | null;

  @Field({ description: 'Where the failed rows, with their reasons, download as CSV (with the same token).' })
  failedRowsUrl!: string;
}

@ObjectType()
export class LeadImportConnection extends Connection(LeadImport) {}

/** The job as the graph shows it: what GET /imports/leads/<id> answers, typed. */
export const toLeadImport = (job: ImportJobRow): LeadImport => ({
  ...jobProgress(job, '/imports/leads'),
  createdById: job.created_by,
  createdAt: job.created_at,
  finishedAt: job.finished_at,
});
