import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerCategory, ProcessVariantName } from '@yekuo/events';
import type { ApplicationStatus } from './application-state';
import type { CaseStage } from './case-stage';
import { jsonbDates } from './jsonb-dates.transformer';
import type { BusinessType } from './category';
import { Application, ReturnNotice, Withdrawal } from './application.model';

/** A connection case, from application to archive. Intake owns it; other services extend it. */
@Entity({ name: 'connection_case' })
export class ConnectionCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column('text')
  category: CustomerCategory;

  @Column({ name: 'business_type', type: 'text' })
  businessType: BusinessType;

  @Column('text')
  status: ApplicationStatus;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Column({ type: 'jsonb', transformer: jsonbDates })
  application: Application;

  @Column({ name: 'return_notice', type: 'jsonb', nullable: true, transformer: jsonbDates })
  returnNotice: ReturnNotice | null;

  @Column({ name: 'return_notices', type: 'jsonb', default: () => "'[]'", transformer: jsonbDates })
  returnNotices: ReturnNotice[];

  @Column({ type: 'text', default: 'APPLICATION' })
  stage: CaseStage;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  /** Blind indexes of the customer's name and identity number, copied here so search is one index range scan. */
  @Column({ name: 'customer_name_index', type: 'text', nullable: true })
  customerNameIndex: string | null;

  @Column({ name: 'id_number_index', type: 'text', nullable: true })
  idNumberIndex: string | null;

  @Column({ type: 'jsonb', nullable: true, transformer: jsonbDates })
  withdrawal: Withdrawal | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** Facts from metering: after energization the application can no longer be withdrawn. */
  @Column({ name: 'energized_at', type: 'timestamptz', nullable: true })
  energizedAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'submission_round', type: 'int', default: 1 })
  submissionRound: number;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /**
   * The process the case walks: fixed at acceptance, then as planning's reply or confirmation names it
   * (a case leaves 三零 when its scheme no longer qualifies). Null before acceptance, and on cases
   * accepted before variants were walked, which walk the pre-reform process.
   */
  @Column({ name: 'process_variant', type: 'text', nullable: true })
  processVariant: ProcessVariantName | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export { Application, ReturnNotice, Withdrawal };
export { LoadItem, ApplicationAgent, CategoryOverride, ReturnItem } from './application.model';
