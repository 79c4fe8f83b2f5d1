import { Column, PrimaryColumn } from 'typeorm';
import type { CaseCopy, CustomerCategory } from '@yekuo/events';

/**
 * The columns every service keeps of a case it took over from an event: extend it
 * in the service's own case entity (its table, indexes and migration stay its own).
 */
export abstract class CaseCopyColumns implements CaseCopy {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column('text')
  category: CustomerCategory;

  /** The time-limit policy version the case was accepted under. */
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;
}
