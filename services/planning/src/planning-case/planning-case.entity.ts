import { Column, CreateDateColumn, Entity, Index, Unique, UpdateDateColumn } from 'typeorm';
import { CaseCopyColumns, numericTransformer } from '@yekuo/platform';
import type { ProcessVariantName } from '@yekuo/events';
import type { PlanningStatus } from './planning-case.state-machine';

/**
 * Planning's own copy of a case, opened when intake accepts the application
 * (`intake.application.accepted.v1`); planning never reads intake's tables. A
 * withdrawal that arrives before the acceptance opens the copy CANCELLED, without
 * the application's terms, so the late acceptance cannot reopen work.
 */
@Entity({ name: 'planning_case' })
@Index('planning_case_customer', ['customerId'])
@Unique('planning_case_number', ['caseNumber'])
export class PlanningCase extends CaseCopyColumns {
  /** As applied for; the scheme states what is granted. */
  @Column({ name: 'capacity_kva', type: 'numeric', nullable: true, transformer: numericTransformer })
  capacityKva: number | null;

  @Column({ name: 'voltage_level', type: 'text', nullable: true })
  voltageLevel: string | null;

  @Column({ name: 'supply_sources', type: 'int', nullable: true })
  supplySources: number | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column('text')
  status: PlanningStatus;

  /**
   * The process the case walks: as accepted, until a scheme no longer qualifies for 三零 (then
   * PRE_REFORM). Null on cases accepted before variants were walked, which walk the pre-reform process.
   */
  @Column({ name: 'process_variant', type: 'text', nullable: true })
  processVariant: ProcessVariantName | null;

  /**
   * For a case that walks or walked 三零: the scheme version whose voltage, capacity and supply sources
   * the contract must carry (0: still the application's). Null on cases that never walked 三零.
   */
  @Column({ name: 'contract_terms_version', type: 'int', nullable: true })
  contractTermsVersion: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A case planning works on: opened from the acceptance, so the application's terms are known. */
export type OpenPlanningCase = PlanningCase & {
  businessType: string;
  regionCode: string;
  capacityKva: number;
  voltageLevel: string;
  supplySources: number;
  acceptedAt: Date;
};

export function isOpen(planningCase: PlanningCase): planningCase is OpenPlanningCase {
  return (
    planningCase.status !== 'CANCELLED' &&
    planningCase.regionCode !== null &&
    planningCase.capacityKva !== null &&
    planningCase.voltageLevel !== null &&
    planningCase.supplySources !== null &&
    planningCase.businessType !== null &&
    planningCase.acceptedAt !== null
  );
}
