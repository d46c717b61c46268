import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import type { PipelineStageEntity } from './pipeline-stage.entity';

@Entity('pipeline')
@Index('pipeline_name_key', ['name'], { unique: true })
export class PipelineEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Display order; the first pipeline is where an opportunity goes when none is named. */
  @Column('int')
  position!: number;

  @OneToMany('PipelineStageEntity', (s: PipelineStageEntity) => s.pipeline)
  stages?: PipelineStageEntity[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
