import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CountersignResult } from './countersign-policy';

/** One department's countersignature (会签) in one acceptance round; a department signs a round once. */
@Entity({ name: 'countersignature' })
@Index('countersignature_once_per_department', ['caseId', 'round', 'department'], { unique: true })
export class Countersignature {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  round: number;

  @Column('text')
  department: string;

  @Column('text')
  result: CountersignResult;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  items: string[];

  @Column({ name: 'signed_by', type: 'text' })
  signedBy: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}
