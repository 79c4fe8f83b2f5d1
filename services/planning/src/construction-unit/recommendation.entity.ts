import { Column, Entity, PrimaryColumn } from 'typeorm';
import { enumFromValues } from '@yekuo/platform';
import { RecommendedConstructionUnit } from './recommended-unit.model';

export const RECOMMENDATION_STATUSES = ['ACTIVE', 'SUPERSEDED', 'CANCELLED'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const RecommendationStatusEnum = enumFromValues(
  RECOMMENDATION_STATUSES,
  'RecommendationStatus',
  'Whether a recommendation of construction units stands',
  {
    valueDescriptions: { ACTIVE: 'The current one', SUPERSEDED: 'Replaced by a later one', CANCELLED: 'The application was withdrawn' },
  },
);

/**
 * The construction units recommended to the customer of a case, issued with the
 * survey: three when at least three are eligible, otherwise all eligible ones and
 * the explicit `fewerThanThree` flag.
 */
@Entity({ name: 'construction_unit_recommendation' })
export class ConstructionUnitRecommendation {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('jsonb')
  units: RecommendedConstructionUnit[];

  @Column({ name: 'fewer_than_three', type: 'boolean' })
  fewerThanThree: boolean;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy: string;

  @Column('text')
  status: RecommendationStatus;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

export { RecommendedConstructionUnit };
