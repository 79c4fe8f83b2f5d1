import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@yekuo/shared';
import type { ContractStatus, Party, SigningMethod } from './contract.state-machine';

/**
 * One version of a case's supply-use contract (供用电合同). Its terms are copied from
 * the confirmed supply scheme when it is drafted and never change afterwards.
 */
@Entity({ name: 'supply_contract' })
@Index('supply_contract_case_version', ['caseId', 'version'], { unique: true })
export class SupplyContractEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  version: number;

  @Column('text')
  status: ContractStatus;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @Column({ name: 'scheme_version', type: 'int' })
  schemeVersion: number;

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

  @Column({ name: 'drafted_at', type: 'timestamptz' })
  draftedAt: Date;

  @Column({ name: 'fully_signed_at', type: 'timestamptz', nullable: true })
  fullySignedAt: Date | null;
}

/** One party's signature of a contract version: who, when and how; one per party. */
@Entity({ name: 'contract_signature' })
export class ContractSignatureEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' })
  contractId: string;

  @PrimaryColumn('text')
  party: Party;

  @Column({ name: 'signer_id', type: 'text' })
  signerId: string;

  @Column({ name: 'signer_role', type: 'text' })
  signerRole: string;

  @Column('text')
  method: SigningMethod;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}
