import { enumFromValues } from '@yekuo/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PERMIT_KINDS = ['ROAD_EXCAVATION', 'GREEN_SPACE', 'TRAFFIC', 'OTHER'] as const;
export type PermitKind = (typeof PERMIT_KINDS)[number];

export const PermitKindEnum = enumFromValues(PERMIT_KINDS, 'WorksPermitKind', 'A permit external works may need from a public authority', {
  valueDescriptions: {
    ROAD_EXCAVATION: 'Road excavation (掘路)',
    GREEN_SPACE: 'Use of public green space (占绿)',
    TRAFFIC: 'Traffic management while the works occupy the road',
    OTHER: 'Any other permit, named by its authority',
  },
});

export const PERMIT_STATUSES = ['APPLIED', 'GRANTED', 'REFUSED'] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

export const PermitStatusEnum = enumFromValues(PERMIT_STATUSES, 'WorksPermitStatus', 'Where a permit application stands', {
  valueDescriptions: {
    APPLIED: 'Applied for; the authority has not decided',
    GRANTED: 'Granted, with the permit reference',
    REFUSED: 'Refused, with the reason; the works may apply again',
  },
});

/** One application for a permit the external works need; a refused kind may be applied for again (a new row). */
@Entity({ name: 'external_works_permit' })
export class WorksPermit {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  kind: PermitKind;

  /** The authority applied to (e.g. the district road administration). */
  @Column('text')
  authority: string;

  @Column('text')
  status: PermitStatus;

  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt: Date;

  @Column({ name: 'applied_by_id', type: 'text' })
  appliedById: string;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by_id', type: 'text', nullable: true })
  decidedById: string | null;

  /** The permit's number as the authority issued it. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason: string | null;
}
