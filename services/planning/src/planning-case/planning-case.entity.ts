import { Column, CreateDateColumn, Entity, Index, Unique, UpdateDateColumn } from 'typeorm';
import { CaseCopyColumns, numericTransformer } from '@yekuo/shared';
import type { PlanningStatus } from './planning-case.state-machine';

/**
 * Planning's own copy of a case, opened when intake accepts the application
 * (`intake.application.accepted.v1`); planning never reads intake's tables.
 */
@Entity({ name: 'planning_case' })
@Index('planning_case_customer', ['customerId'])
@Unique('planning_case_number', ['caseNumber'])
export class PlanningCase extends CaseCopyColumns {
  @Column({ name: 'business_type', type: 'text' })
  businessType: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  /** As applied for; the scheme states what is granted. */
  @Column({ name: 'capacity_kva', type: 'numeric', transformer: numericTransformer })
  capacityKva: number;

  @Column({ name: 'voltage_level', type: 'text' })
  voltageLevel: string;

  @Column({ name: 'supply_sources', type: 'int' })
  supplySources: number;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt: Date;

  @Column('text')
  status: PlanningStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
