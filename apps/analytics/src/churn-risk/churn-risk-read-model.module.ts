import { Module } from '@nestjs/common';
import { ChurnRiskConsumer } from './churn-risk.consumer';
import { ChurnRiskRepository } from './churn-risk.repository';
import { ChurnRiskService } from './churn-risk.service';

/** Churn risk as a read model: signals and scores from events. The replay builds it with this module alone. */
@Module({ providers: [ChurnRiskRepository, ChurnRiskService, ChurnRiskConsumer], exports: [ChurnRiskService] })
export class ChurnRiskReadModelModule {}
