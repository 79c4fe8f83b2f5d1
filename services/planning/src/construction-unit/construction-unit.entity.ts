import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';
import type { QualificationClass } from './qualification-classes';

/**
 * A construction unit (施工单位) in the registry planners keep: the units a customer
 * may be recommended to build their connection.
 */
@Entity({ name: 'construction_unit' })
@Unique('construction_unit_licence', ['licenceNumber'])
export class ConstructionUnit {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column({ name: 'licence_number', type: 'text' })
  licenceNumber: string;

  @Column({ name: 'qualification_class', type: 'text' })
  qualificationClass: QualificationClass;

  @Column({ name: 'max_voltage_kv', type: 'numeric', transformer: numericTransformer })
  maxVoltageKv: number;

  @Column({ name: 'max_capacity_kva', type: 'numeric', nullable: true, transformer: numericTransformer })
  maxCapacityKva: number | null;

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Column({ type: 'boolean', default: false })
  suspended: boolean;

  @Column({ name: 'suspension_reason', type: 'text', nullable: true })
  suspensionReason: string | null;

  @Column({ name: 'last_recommended_at', type: 'timestamptz', nullable: true })
  lastRecommendedAt: Date | null;

  @Column({ name: 'times_recommended', type: 'int', default: 0 })
  timesRecommended: number;

  @Column({ name: 'registered_by', type: 'text' })
  registeredBy: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
