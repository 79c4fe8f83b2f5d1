import { CaseCopyColumns } from '@yekuo/shared';
import { Column, CreateDateColumn, Entity, Index, Unique, UpdateDateColumn } from 'typeorm';

/**
 * Contracts' own copy of a case, opened when the customer confirms the supply
 * scheme (`planning.scheme.confirmed.v1`); contracts never reads another service's
 * tables. Its row is the lock every contract and fee decision of the case takes.
 */
@Entity({ name: 'contracts_case' })
@Index('contracts_case_customer', ['customerId'])
@Unique('contracts_case_number', ['caseNumber'])
export class ContractsCase extends CaseCopyColumns {
  /** The confirmed scheme the contract was drafted from. */
  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @Column({ name: 'scheme_version', type: 'int' })
  schemeVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
