import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { enumFromValues } from '@yekuo/platform';
import { UnitFieldChange } from './unit-field-change.model';

export const UNIT_CHANGE_KINDS = ['REGISTERED', 'UPDATED', 'SUSPENDED', 'UNSUSPENDED'] as const;
export type UnitChangeKind = (typeof UNIT_CHANGE_KINDS)[number];

export const UnitChangeKindEnum = enumFromValues(
  UNIT_CHANGE_KINDS,
  'ConstructionUnitChangeKind',
  'What a change to the construction-unit registry did',
);

/** One recorded change of a construction unit: who, when, and each field from → to. */
@Entity({ name: 'construction_unit_change' })
@Index('construction_unit_change_unit', ['unitId', 'changedAt'])
export class ConstructionUnitChange {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column('text')
  kind: UnitChangeKind;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  @Column({ name: 'changed_by_role', type: 'text' })
  changedByRole: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Column('jsonb')
  changes: UnitFieldChange[];

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

export { UnitFieldChange };
