import type { ProcessVariantName } from '@yekuo/events';
import { Column, CreateDateColumn, Entity, Index, Unique, UpdateDateColumn } from 'typeorm';
import { CaseCopyColumns, numericTransformer } from '@yekuo/platform';
import type { InspectionStatus } from './inspection-case.state-machine';

/**
 * Inspection's own copy of a case, opened when the customer confirms the supply
 * scheme (`planning.scheme.confirmed.v1`); inspection never reads another service's tables.
 */
@Entity({ name: 'inspection_case' })
@Index('inspection_case_customer', ['customerId'])
@Unique('inspection_case_number', ['caseNumber'])
export class InspectionCase extends CaseCopyColumns {
  /** The confirmed scheme version the copy below comes from (a later confirmed version replaces it). */
  /** Null only on a copy made from a withdrawal that arrived before the confirmed scheme. */
  @Column({ name: 'scheme_id', type: 'uuid', nullable: true })
  schemeId: string | null;

  @Column({ name: 'scheme_version', type: 'int', nullable: true })
  schemeVersion: number | null;

  @Column({ name: 'capacity_kva', type: 'numeric', nullable: true, transformer: numericTransformer })
  capacityKva: number | null;

  @Column({ name: 'voltage_level', type: 'text', nullable: true })
  voltageLevel: string | null;

  /**
   * The process the case walks from its latest confirmed scheme on, which decides the inspection stages it
   * walks; null on a case confirmed before variants were walked (the pre-reform walk of its category).
   */
  @Column({ name: 'process_variant', type: 'text', nullable: true })
  processVariant: ProcessVariantName | null;

  @Column('text')
  status: InspectionStatus;

  /** The construction unit the customer chose (planning's fact, applied once case and choice both exist). */
  @Column({ name: 'chosen_unit_id', type: 'uuid', nullable: true })
  chosenUnitId: string | null;

  @Column({ name: 'chosen_unit_name', type: 'text', nullable: true })
  chosenUnitName: string | null;

  @Column({ name: 'chosen_from_recommendation', type: 'boolean', nullable: true })
  chosenFromRecommendation: boolean | null;

  /** The unit that actually started building, as recorded with the construction start. */
  @Column({ name: 'construction_unit_id', type: 'uuid', nullable: true })
  constructionUnitId: string | null;

  @Column({ name: 'construction_unit_name', type: 'text', nullable: true })
  constructionUnitName: string | null;

  /** YYYY-MM-DD */
  @Column({ name: 'construction_started_on', type: 'date', nullable: true })
  constructionStartedOn: string | null;

  @Column({ name: 'construction_recorded_by', type: 'text', nullable: true })
  constructionRecordedBy: string | null;

  @Column({ name: 'construction_recorded_at', type: 'timestamptz', nullable: true })
  constructionRecordedAt: Date | null;

  /** The withdrawal event that cancelled the case (the cancellation block itself is the shared one of the case copy). */
  @Column({ name: 'cancel_event_id', type: 'uuid', nullable: true })
  cancelEventId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
