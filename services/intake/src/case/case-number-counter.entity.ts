import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last case number issued per year; incremented under a row lock inside the submitting transaction. */
@Entity({ name: 'case_number_counter' })
export class CaseNumberCounter {
  @PrimaryColumn('int')
  year: number;

  @Column('int')
  last: number;
}
