import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { enumFromValues, numericTransformer } from '@yekuo/platform';

export const SCHEME_STATUSES = ['DRAFTED', 'APPROVED', 'REJECTED', 'REPLIED', 'CHANGE_REQUESTED', 'CONFIRMED', 'CANCELLED'] as const;
export type SchemeStatus = (typeof SCHEME_STATUSES)[number];

export const SchemeStatusEnum = enumFromValues(SCHEME_STATUSES, 'SchemeStatus', 'Where a supply scheme version stands', {
  valueDescriptions: {
    DRAFTED: 'In approval',
    APPROVED: 'Every level signed',
    REJECTED: 'Returned for revision',
    REPLIED: 'Sent to the customer',
    CHANGE_REQUESTED: 'The customer asked for changes',
    CONFIRMED: 'The customer confirmed it',
    CANCELLED: 'The application was withdrawn',
  },
});

/**
 * One version of a case's supply scheme (供电方案). Every draft is a new row; earlier
 * versions are kept as they were decided.
 */
@Entity({ name: 'supply_scheme' })
@Index('supply_scheme_case_version', ['caseId', 'version'], { unique: true })
export class SupplyScheme {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  version: number;

  @Column({ name: 'voltage_level', type: 'text' })
  voltageLevel: string;

  @Column({ name: 'capacity_kva', type: 'numeric', transformer: numericTransformer })
  capacityKva: number;

  @Column({ name: 'supply_sources', type: 'int' })
  supplySources: number;

  @Column({ name: 'supply_points', type: 'text', array: true })
  supplyPoints: string[];

  @Column({ name: 'metering_method', type: 'text' })
  meteringMethod: string;

  @Column({ name: 'tariff_category', type: 'text' })
  tariffCategory: string;

  @Column({ name: 'property_boundary', type: 'text' })
  propertyBoundary: string;

  /** Whether the utility must build works outside the customer's site (配套工程) before the supply can be switched on. */
  @Column({ name: 'external_works_required', type: 'boolean', default: false })
  externalWorksRequired: boolean;

  @Column('text')
  status: SchemeStatus;

  @Column({ name: 'drafted_by', type: 'text' })
  draftedBy: string;

  @Column({ name: 'drafted_at', type: 'timestamptz' })
  draftedAt: Date;

  @Column({ name: 'approval_chain', type: 'text' })
  approvalChain: string;

  @Column({ name: 'required_levels', type: 'int' })
  requiredLevels: number;

  @Column({ name: 'template_id', type: 'text', nullable: true })
  templateId: string | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'rejected_by', type: 'text', nullable: true })
  rejectedBy: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'replied_by', type: 'text', nullable: true })
  repliedBy: string | null;

  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ name: 'change_request_reason', type: 'text', nullable: true })
  changeRequestReason: string | null;

  @Column({ name: 'change_requested_by', type: 'text', nullable: true })
  changeRequestedBy: string | null;

  @Column({ name: 'change_requested_at', type: 'timestamptz', nullable: true })
  changeRequestedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'confirmed_by', type: 'text', nullable: true })
  confirmedBy: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}
