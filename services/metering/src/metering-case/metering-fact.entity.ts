import type { GateCondition } from '@yekuo/policy';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A gate condition recorded for a case, once however often (and in whatever order)
 * the fact arrives. Kept apart from the case so a fact that arrives before the scheme
 * confirmation is never lost; whether a recorded contract signature holds is judged
 * against the terms the case needs (`heldConditions`).
 */
@Entity({ name: 'metering_fact' })
export class MeteringFact {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn('text')
  condition: GateCondition;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** The event type or mutation that established the fact. */
  @Column('text')
  source: string;

  /** The upstream event's id, when the fact came as an event. */
  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId: string | null;

  /**
   * CONTRACT_SIGNED only: the highest scheme version whose terms a fully signed contract carried
   * (0: the application's); null while no signature named one. A case that needs a contract on
   * newer terms does not count the fact until a signature reaches them.
   */
  @Column({ name: 'terms_version', type: 'int', nullable: true })
  termsVersion: number | null;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;
}
