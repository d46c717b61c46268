import { registerEnumType } from '@nestjs/graphql';

export enum ArticleStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

export enum ArticleVisibility {
  /** Support staff only. */
  INTERNAL = 'INTERNAL',
  /** Customers too, once published. */
  PUBLIC = 'PUBLIC',
}

registerEnumType(ArticleStatus, {
  name: 'ArticleStatus',
  description:
    'DRAFT until first published; PUBLISHED while readers see it (an edit waits as a new draft version); ARCHIVED once withdrawn.',
});
registerEnumType(ArticleVisibility, { name: 'ArticleVisibility', description: 'Who may read it: support staff only, or customers too.' });
