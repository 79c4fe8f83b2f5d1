import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The construction unit the customer chose: recorded, not imposed; the latest choice counts. */
@Entity({ name: 'chosen_construction_unit' })
export class ChosenConstructionUnit {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ name: 'unit_name', type: 'text' })
  unitName: string;

  @Column({ name: 'qualification_class', type: 'text' })
  qualificationClass: string;

  @Column({ name: 'licence_number', type: 'text', nullable: true })
  licenceNumber: string | null;

  @Column({ name: 'from_recommendation', type: 'boolean' })
  fromRecommendation: boolean;

  @Column({ name: 'recommendation_id', type: 'uuid', nullable: true })
  recommendationId: string | null;

  @Column({ name: 'chosen_by', type: 'text' })
  chosenBy: string;

  @Column({ name: 'chosen_at', type: 'timestamptz' })
  chosenAt: Date;
}
