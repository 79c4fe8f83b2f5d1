import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The construction unit a customer chose (`planning.constructionunit.chosen.v1`), kept
 * as a fact whether or not inspection has opened the case yet; the latest choice wins.
 */
@Entity({ name: 'construction_unit_choice' })
export class ConstructionUnitChoice {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ name: 'unit_name', type: 'text' })
  unitName: string;

  @Column({ name: 'from_recommendation', type: 'boolean' })
  fromRecommendation: boolean;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** The time of the event that announced the choice. */
  @Column({ name: 'chosen_at', type: 'timestamptz' })
  chosenAt: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;
}
