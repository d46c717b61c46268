import { Module } from '@nestjs/common';
import { SegmentsReadModelModule } from '../segments/segments-read-model.module';
import { ChurnRiskConsumer } from './churn-risk.consumer';
import { ChurnRiskRepository } from './churn-risk.repository';
import { ChurnRiskService } from './churn-risk.service';

/** Churn risk as a read model: signals and scores from events (and the segments that follow the scores). The replay builds it with this module alone. */
@Module({
  imports: [SegmentsReadModelModule],
  providers: [ChurnRiskRepository, ChurnRiskService, ChurnRiskConsumer],
  exports: [ChurnRiskService],
})
export class ChurnRiskReadModelModule {}
