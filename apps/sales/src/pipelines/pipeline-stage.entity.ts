import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ForecastCategory, StageOutcome } from './pipeline.enums';
import type { PipelineEntity } from './pipeline.entity';

@Entity('pipeline_stage')
@Check('pipeline_stage_probability_check', `"probability" BETWEEN 0 AND 100`)
@Check('pipeline_stage_outcome_check', `"outcome" IN ('OPEN', 'WON', 'LOST')`)
@Check('pipeline_stage_forecast_category_check', `"forecast_category" IN ('PIPELINE', 'BEST_CASE', 'COMMIT', 'CLOSED', 'OMITTED')`)
@Index('pipeline_stage_order_idx', ['pipelineId', 'position'])
@Index('pipeline_stage_name_key', ['pipelineId', 'name'], { unique: true })
export class PipelineStageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  pipelineId!: string;

  @ManyToOne('PipelineEntity', (p: PipelineEntity) => p.stages, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pipeline_id' })
  pipeline?: PipelineEntity;

  @Column('text')
  name!: string;

  /** Order within the pipeline: open stages first, then the closing ones. */
  @Column('int')
  position!: number;

  /** Default win probability, in percent. */
  @Column('int')
  probability!: number;

  @Column('text')
  forecastCategory!: ForecastCategory;

  /** OPEN stages are worked; a WON or LOST stage closes the opportunity (closed-won, closed-lost). */
  @Column('text')
  outcome!: StageOutcome;
}
