import type { CustomerCategory, ProcessVariantName } from '@yekuo/events';
import type { GateCondition } from '@yekuo/policy';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { MeteringStatus } from './metering-case.state-machine';
import { CaseCopyFacts } from '@yekuo/platform';

/**
 * Metering's own copy of a case, opened by the customer's confirmation of the supply
 * scheme (`planning.scheme.confirmed.v1`). A gate fact may arrive first (different
 * producers, no order): then the row is created bare, in AWAITING_SCHEME, so the fact
 * is kept and the gate decision always has one row to lock. Everything the case
 * needs is filled in by the confirmation; until then the category, and so the gate,
 * is unknown.
 */
@Entity({ name: 'metering_case' })
@Index('metering_case_customer', ['customerId'])
@Unique('metering_case_number', ['caseNumber'])
export class MeteringCase extends CaseCopyFacts {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text', nullable: true })
  caseNumber: string | null;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ type: 'text', nullable: true })
  category: CustomerCategory | null;

  /** The time-limit policy version the case was accepted under. */
  @Column({ name: 'policy_version', type: 'text', nullable: true })
  policyVersion: string | null;

  /** The confirmed scheme version metering works from. */
  @Column({ name: 'scheme_id', type: 'uuid', nullable: true })
  schemeId: string | null;

  @Column({ name: 'scheme_version', type: 'int', nullable: true })
  schemeVersion: number | null;

  /** From the confirmed scheme: HIGH_SUPPLY_HIGH_METERING, HIGH_SUPPLY_LOW_METERING or LOW_SUPPLY_LOW_METERING. */
  @Column({ name: 'metering_method', type: 'text', nullable: true })
  meteringMethod: string | null;

  /** Supply voltage of the confirmed scheme (e.g. AC220V); decides single- or three-phase meters at low voltage. */
  @Column({ name: 'voltage_level', type: 'text', nullable: true })
  voltageLevel: string | null;

  /** The process the case walks from its latest confirmed scheme on; null on a case confirmed before variants were walked (pre-reform). */
  @Column({ name: 'process_variant', type: 'text', nullable: true })
  processVariant: ProcessVariantName | null;

  /**
   * For a case that walks or walked 三零: the scheme version whose terms the signed contract must carry
   * before the supply may go on (0: the application's). Null on cases that never walked 三零: any
   * fully signed contract then counts.
   */
  @Column({ name: 'contract_terms_version', type: 'int', nullable: true })
  contractTermsVersion: number | null;

  /** The gate of the case's process variant, kept as it was when the case opened (or its latest scheme was confirmed, while the gate is shut). */
  @Column({
    name: 'required_conditions',
    type: 'text',
    array: true,
    nullable: true,
  })
  requiredConditions: GateCondition[] | null;

  @Column('text')
  status: MeteringStatus;

  @Column({ name: 'scheme_confirmed_at', type: 'timestamptz', nullable: true })
  schemeConfirmedAt: Date | null;

  /** Set once, in the transaction that recorded the last missing condition. */
  @Column({ name: 'gate_opened_at', type: 'timestamptz', nullable: true })
  gateOpenedAt: Date | null;

  @Column({ name: 'energized_at', type: 'timestamptz', nullable: true })
  energizedAt: Date | null;

  @Column({ name: 'energized_by', type: 'text', nullable: true })
  energizedBy: string | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'archived_by', type: 'text', nullable: true })
  archivedBy: string | null;

  /** The state the case was in when it was cancelled. */
  @Column({ name: 'cancelled_from', type: 'text', nullable: true })
  cancelledFrom: MeteringStatus | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A case metering has heard of from an event carrying its fields (the confirmation or a withdrawal): it can speak about it. */
export type KnownMeteringCase = MeteringCase & {
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  policyVersion: string;
};

export function isKnown(meteringCase: MeteringCase): meteringCase is KnownMeteringCase {
  return (
    meteringCase.caseNumber !== null &&
    meteringCase.customerId !== null &&
    meteringCase.category !== null &&
    meteringCase.policyVersion !== null
  );
}

/** A case whose scheme confirmation has arrived: everything an event and the gate need is known. */
export type OpenMeteringCase = KnownMeteringCase & {
  schemeId: string;
  schemeVersion: number;
  meteringMethod: string;
  requiredConditions: GateCondition[];
  schemeConfirmedAt: Date;
};

export function isOpen(meteringCase: MeteringCase): meteringCase is OpenMeteringCase {
  return isKnown(meteringCase) && meteringCase.requiredConditions !== null && meteringCase.status !== 'AWAITING_SCHEME';
}
