import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActionClock } from './open-actions';

/**
 * One open action of a case, kept with every event the journey records (the case's rows are
 * replaced under the journey case's lock), so work lists across cases are one indexed query.
 */
@Entity({ name: 'journey_open_action' })
@Index('journey_open_action_role_due', ['role', 'dueOrder', 'since', 'caseId', 'code'])
@Index('journey_open_action_customer_due', ['customerId', 'dueOrder', 'since', 'caseId', 'code'])
export class JourneyOpenAction {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn('text')
  code: string;

  @Column('text')
  role: string;

  @Column({ type: 'text', nullable: true })
  team: string | null;

  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode: string | null;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column('text')
  category: string;

  @Column('text')
  description: string;

  @Column({ type: 'timestamptz' })
  since: Date;

  @Column({ type: 'timestamptz', nullable: true })
  due: Date | null;

  /** `due`, or 'infinity' when none is known: the list's sort key, so actions without a due time come last. */
  @Column({ name: 'due_order', type: 'timestamptz', select: false })
  dueOrder: Date;

  @Column({ type: 'jsonb', nullable: true })
  clock: ActionClock | null;
}
