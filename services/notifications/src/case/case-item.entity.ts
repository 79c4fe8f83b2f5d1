import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A piece of open work on a case (an action code) or a running clock (`clock:<id>`), as the latest
 * times it was opened and closed: facts, whatever order the bus delivers them in. It is open
 * while it was opened after it was last closed. `dueAt` is its own deadline where an event named
 * one (a scheme's validity, an appointment, a clock's deadline).
 */
@Entity({ name: 'case_item' })
@Index('case_item_open', ['openedAt'], { where: 'closed_at IS NULL OR closed_at < opened_at' })
export class CaseItem {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn('text')
  item: string;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** The team holding a clock's step, as the clock named it. */
  @Column({ type: 'text', nullable: true })
  team: string | null;

  /** The step a clock measures, as the clock named it. */
  @Column({ type: 'text', nullable: true })
  stage: string | null;
}
