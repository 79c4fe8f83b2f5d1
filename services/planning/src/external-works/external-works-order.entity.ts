import { enumFromValues } from '@yekuo/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const WORKS_ORDER_STATUSES = ['ORDERED', 'COMPLETED', 'CANCELLED'] as const;
export type WorksOrderStatus = (typeof WORKS_ORDER_STATUSES)[number];

export const WorksOrderStatusEnum = enumFromValues(WORKS_ORDER_STATUSES, 'ExternalWorksStatus', 'Where an external works order stands', {
  valueDescriptions: {
    ORDERED: 'The works are under way (permits, construction)',
    COMPLETED: 'The works are complete; energization no longer waits for them',
    CANCELLED: 'The application was withdrawn',
  },
});

/**
 * The utility's works outside the customer's site (配套工程 / 外线工程) that a confirmed supply
 * scheme needs: one order per case, opened when the customer confirms such a scheme.
 */
@Entity({ name: 'external_works_order' })
export class ExternalWorksOrder {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** The confirmed scheme version that asked for the works. */
  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @Column({ name: 'scheme_version', type: 'int' })
  schemeVersion: number;

  @Column('text')
  status: WorksOrderStatus;

  @Column({ name: 'ordered_at', type: 'timestamptz' })
  orderedAt: Date;

  @Column({ name: 'ordered_by_id', type: 'text' })
  orderedById: string;

  @Column({ name: 'ordered_by_role', type: 'text' })
  orderedByRole: string;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by_id', type: 'text', nullable: true })
  completedById: string | null;

  @Column({ name: 'completion_note', type: 'text', nullable: true })
  completionNote: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
