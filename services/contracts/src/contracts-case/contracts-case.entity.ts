import type { ProcessVariantName } from '@yekuo/events';
import { CaseCopyColumns } from '@yekuo/platform';
import { Column, CreateDateColumn, Entity, Index, Unique, UpdateDateColumn } from 'typeorm';

/**
 * Contracts' own copy of a case, opened when the customer confirms the supply
 * scheme (`planning.scheme.confirmed.v1`), when intake accepts a case that walks 三零
 * (`intake.application.accepted.v1`: its contract is drafted at acceptance), or by a
 * withdrawal that arrives first;
 * contracts never reads another service's tables. Its row is the lock every
 * contract and fee decision of the case takes, and it carries the withdrawal fact
 * every consumer and mutation checks.
 */
@Entity({ name: 'contracts_case' })
@Index('contracts_case_customer', ['customerId'])
@Unique('contracts_case_number', ['caseNumber'])
export class ContractsCase extends CaseCopyColumns {
  /**
   * The latest confirmed scheme: the one the current contract was drafted from, or (三零) the one
   * whose terms the contract drafted at acceptance still carries. Null before any confirmation: a
   * 三零 case accepted but not yet confirmed, or a case withdrawn first.
   */
  @Column({ name: 'scheme_id', type: 'uuid', nullable: true })
  schemeId: string | null;

  @Column({ name: 'scheme_version', type: 'int', nullable: true })
  schemeVersion: number | null;

  /**
   * The process the case walks, from the event that opened the copy and the confirmations after it
   * (a case leaves 三零 for PRE_REFORM when a scheme no longer qualifies); null for a case whose
   * events named none (the pre-reform walk) or opened by a withdrawal.
   */
  @Column({ name: 'process_variant', type: 'text', nullable: true })
  processVariant: ProcessVariantName | null;

  /** The customer's name as a party to the contract: from intake's acceptance, or supplied by a contract officer. */
  @Column({ name: 'customer_name', type: 'text', nullable: true })
  customerName: string | null;

  /** The customer's address as a party to the contract, when a contract officer supplied it. */
  @Column({ name: 'customer_address', type: 'text', nullable: true })
  customerAddress: string | null;

  /** Who last supplied the party details (a contract officer's id), null when they came from intake. */
  @Column({ name: 'parties_recorded_by', type: 'text', nullable: true })
  partiesRecordedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * What contracts keeps of intake's acceptance of the application
 * (`intake.application.accepted.v1`): the business type some fees depend on (the region is
 * kept on the case copy). Personal
 * data never travels in events, so the customer's name on the contract is entered by the
 * contract officer (`updateContractParties`) from the identity checked at signing. Kept apart from
 * the case copy because it may arrive before contracts opens the case.
 */
@Entity({ name: 'contracts_application' })
export class ContractsApplication {
  @Column({ name: 'case_id', type: 'uuid', primary: true })
  caseId: string;

  @Column({ name: 'business_type', type: 'text' })
  businessType: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
