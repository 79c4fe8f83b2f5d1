import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RectificationStatus = 'OPEN' | 'RESOLVED' | 'CANCELLED';

/**
 * An item that failed intermediate inspection (整改项): OPEN until a re-inspection passes
 * it (RESOLVED), or the case is withdrawn (CANCELLED). An item is open at most once.
 */
@Entity({ name: 'rectification_item' })
export class RectificationItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  item: string;

  /** The inspector's note on the failure. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'raised_round', type: 'int' })
  raisedRound: number;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt: Date;

  @Column('text')
  status: RectificationStatus;

  @Column({ name: 'resolved_round', type: 'int', nullable: true })
  resolvedRound: number | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
