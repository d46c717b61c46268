import { Module } from '@nestjs/common';
import { ProductIssueRepository } from './product-issue.repository';
import { ProductIssueResolver } from './product-issue.resolver';
import { ProductIssueService } from './product-issue.service';

/** Product issue rates, computed at query time from the warehouse's cases and won deal lines. */
@Module({ providers: [ProductIssueRepository, ProductIssueService, ProductIssueResolver] })
export class ProductIssuesModule {}
