import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The approver id recorded for an approval made by rule (fast path): no person signed. */
export const APPROVED_BY_RULE = 'RULE';

/** One signed level of a scheme version's approval chain. */
@Entity({ name: 'scheme_approval' })
@Unique('scheme_approval_level', ['schemeId', 'level'])
@Unique('scheme_approval_distinct_approver', ['schemeId', 'approverId'])
export class SchemeApproval {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @Column('int')
  level: number;

  @Column('text')
  role: string;

  get approvedBy(): string {
    return this.approverId ?? APPROVED_BY_RULE;
  }

  @Column({ name: 'approver_id', type: 'text', nullable: true })
  approverId: string | null;

  @Column({ name: 'rule_id', type: 'text', nullable: true })
  ruleId: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz' })
  approvedAt: Date;
}
