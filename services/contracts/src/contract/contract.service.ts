import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, ConflictError, ForbiddenError, Principal, Role, UnitOfWork, EventPayload, Work } from '@yekuo/shared';
import { DataSource, EntityManager } from 'typeorm';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { CONTRACTS_NEXT_ACTIONS } from '../contracts-case/next-action.policy';
import { SignContractInput } from './contract.inputs';
import { SupplyContract } from './contract.model';
import { decideSignature, PARTIES, PARTY_OF_ROLE, SigningMethod } from './contract.state-machine';
import { ContractSignatureEntity, SupplyContractEntity } from './supply-contract.entity';

/** Who may do what to a supply-use contract. */
export const CONTRACT_ROLES = {
  sign: ['customer', 'agent', 'contract-officer'],
} as const satisfies Record<string, readonly Role[]>;

/** The terms a contract copies from the confirmed scheme. */
export type SchemeTerms = Pick<
  EventPayload<'planning.scheme.confirmed.v1'>,
  | 'schemeId'
  | 'version'
  | 'voltageLevel'
  | 'capacityKva'
  | 'supplySources'
  | 'supplyPoints'
  | 'meteringMethod'
  | 'tariffCategory'
  | 'propertyBoundary'
>;

/** The supply-use contract: drafted from the confirmed scheme, signed by the customer and the utility. */
@Injectable()
export class ContractService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: ContractsCaseService,
  ) {}

  /** Drafts version 1 of the case's contract from the confirmed scheme and announces it (inside the caller's unit of work). */
  async draft(work: Work, contractsCase: ContractsCase, scheme: SchemeTerms): Promise<SupplyContractEntity> {
    const contract = work.manager.create(SupplyContractEntity, {
      id: randomUUID(),
      caseId: contractsCase.caseId,
      version: 1,
      status: 'DRAFTED',
      schemeId: scheme.schemeId,
      schemeVersion: scheme.version,
      voltageLevel: scheme.voltageLevel,
      capacityKva: scheme.capacityKva,
      supplySources: scheme.supplySources,
      supplyPoints: [...scheme.supplyPoints],
      meteringMethod: scheme.meteringMethod,
      tariffCategory: scheme.tariffCategory,
      propertyBoundary: scheme.propertyBoundary,
      draftedAt: new Date(),
      fullySignedAt: null,
    });
    await work.manager.insert(SupplyContractEntity, contract);
    await work.publish('contracts.contract.drafted.v1', {
      ...casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR, CONTRACTS_NEXT_ACTIONS.contractDrafted()),
      contractId: contract.id,
      version: contract.version,
    });
    return contract;
  }

  /**
   * A party signs the latest contract version: the customer or their agent as
   * CUSTOMER, a contract officer as UTILITY. Decided under the case row lock, so two
   * signatures at once are taken one after the other.
   */
  async sign(principal: Principal, input: SignContractInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const contractsCase = await this.cases.lock(work.manager, principal, input.caseId);
      const actor = actorOf(principal, CONTRACT_ROLES.sign);
      const party = PARTY_OF_ROLE[actor.role];
      if (!party) throw new ForbiddenError(`The role ${actor.role} signs for no party`);
      const contract = await this.latest(work.manager, contractsCase.caseId);
      if (!contract) throw new ConflictError(`Case ${contractsCase.caseId} has no supply-use contract`);
      const signatures = await this.signaturesOf(work.manager, contract.id);
      const { next, fullySigned } = decideSignature(
        contract.status,
        signatures.map((s) => s.party),
        party,
      );

      const signedAt = new Date();
      await work.manager.insert(ContractSignatureEntity, {
        contractId: contract.id,
        party,
        signerId: principal.sub,
        signerRole: actor.role,
        method: input.method as SigningMethod,
        signedAt,
      });
      await work.manager.update(
        SupplyContractEntity,
        { id: contract.id },
        { status: next, ...(fullySigned ? { fullySignedAt: signedAt } : {}) },
      );
      await this.cases.touch(work.manager, contractsCase.caseId);

      const remaining = PARTIES.filter((p) => p !== party && !signatures.some((s) => s.party === p));
      await work.publish('contracts.contract.signed.v1', {
        ...casePayloadOf(contractsCase, actor, CONTRACTS_NEXT_ACTIONS.contractSigned(remaining)),
        contractId: contract.id,
        version: contract.version,
        party,
        fullySigned,
      });
    });
  }

  /** The latest contract version with its signatures, or null when there is none. */
  async view(caseId: string): Promise<SupplyContract | null> {
    const contract = await this.latest(this.dataSource.manager, caseId);
    if (!contract) return null;
    const signatures = await this.signaturesOf(this.dataSource.manager, contract.id);
    return {
      id: contract.id,
      version: contract.version,
      status: contract.status,
      schemeId: contract.schemeId,
      schemeVersion: contract.schemeVersion,
      terms: {
        voltageLevel: contract.voltageLevel,
        capacityKva: contract.capacityKva,
        supplySources: contract.supplySources,
        supplyPoints: contract.supplyPoints,
        meteringMethod: contract.meteringMethod,
        tariffCategory: contract.tariffCategory,
        propertyBoundary: contract.propertyBoundary,
      },
      signatures: signatures.map((s) => ({
        party: s.party,
        signerId: s.signerId,
        signerRole: s.signerRole,
        method: s.method,
        signedAt: s.signedAt,
      })),
      draftedAt: contract.draftedAt,
      fullySignedAt: contract.fullySignedAt,
    };
  }

  /** The latest contract version of a case. */
  async latest(manager: EntityManager, caseId: string): Promise<SupplyContractEntity | null> {
    const [latest] = await manager.find(SupplyContractEntity, { where: { caseId }, order: { version: 'DESC' }, take: 1 });
    return latest ?? null;
  }

  private signaturesOf(manager: EntityManager, contractId: string): Promise<ContractSignatureEntity[]> {
    return manager.find(ContractSignatureEntity, { where: { contractId }, order: { signedAt: 'ASC', party: 'ASC' } });
  }
}
