import { Actor, NextAction } from '@yekuo/events';
import { CaseCopyKeyColumns } from '@yekuo/platform';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JourneySummary } from './journey';

/** The journey's copy of a case: one row to lock while its stage is derived again. */
@Entity({ name: 'journey_case' })
export class JourneyCase extends CaseCopyKeyColumns {
  @Column({ name: 'current_stage', type: 'text' })
  currentStage: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The journey's head as of its latest event, kept with every event so a read needs no replay; null until the next event. */
  @Column({ type: 'jsonb', nullable: true })
  summary: JourneySummary | null;
}

/** One event of the catalog recorded against a case, exactly as announced (time is the event's own). */
@Entity({ name: 'journey_event' })
@Index('journey_event_case_time', ['caseId', 'time'])
export class JourneyEventRecord {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  type: string;

  @Column({ type: 'timestamptz' })
  time: Date;

  @Column('jsonb')
  actor: Actor;

  @Column({ name: 'next_action', type: 'jsonb', nullable: true })
  nextAction: NextAction | null;

  @Column('jsonb')
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
