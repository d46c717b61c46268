import { Module } from '@nestjs/common';
import { ChurnRescoringJob } from './churn-rescoring.job';
import { ChurnRiskReadModelModule } from './churn-risk-read-model.module';
import { ChurnRiskResolver } from './churn-risk.resolver';

/** Churn risk on Customer.intelligence: the read model, its field, and the job that rescores as time passes. */
@Module({ imports: [ChurnRiskReadModelModule], providers: [ChurnRescoringJob, ChurnRiskResolver] })
export class ChurnRiskModule {}
