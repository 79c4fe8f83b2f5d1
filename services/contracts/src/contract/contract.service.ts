import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, casePayloadOf, EventPayload, Role } from '@yekuo/events';
import {
  actorOf,
  byKey,
  ConflictError,
  DocumentCipher,
  ForbiddenError,
  InvalidTransitionError,
  loadAllBy,
  loadOneBy,
  Principal,
  requestLoader,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  Work,
} from '@yekuo/platform';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { CONTRACTS_NEXT_ACTIONS } from '../contracts-case/next-action.policy';
import { SignContractInput, UpdateContractPartiesInput } from './contract.inputs';
import { ContractSchemeConflict, ContractSignature, SupplyContractParent } from './contract.model';
import {
  CONTRACT_TRANSITIONS,
  contractStateMachine,
  decideSignature,
  PARTIES,
  Party,
  PARTY_OF_ROLE,
  rolesSigningFor,
  SigningMethod,
} from './contract.state-machine';
import {
  CONTRACT_LABELS,
  CONTRACT_TEMPLATES,
  ContractTemplate,
  SET_BY_SCHEME,
  THREE_ZERO_TEMPLATES,
  TO_BE_CONFIRMED,
  UTILITY_PARTY,
} from './document/contract-templates';
import { fillTemplate, renderContractPdf } from './document/contract-document';
import {
  ContractDocumentEntity,
  ContractSchemeConflictEntity,
  ContractSignatureEntity,
  SupplyContractEntity,
} from './supply-contract.entity';

/** Who may do what to a supply-use contract. */
export const CONTRACT_ROLES = {
  sign: ['customer', 'agent', 'contract-officer'],
  updateParties: ['contract-officer'],
  /** Who may download the PDF: the customer side of the case, contract officers and auditors. */
  readDocument: ['customer', 'agent', 'contract-officer', 'auditor'],
  /** Who sees scheme changes recorded against a signed contract. */
  readConflicts: ['contract-officer', 'supervisor', 'auditor', 'admin'],
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

/** The application's terms a 三零 contract is drafted from at acceptance, before any scheme. */
export type ApplicationTerms = Pick<EventPayload<'intake.application.accepted.v1'>, 'voltageLevel' | 'capacityKva' | 'supplySources'>;

/** The terms version of a contract drafted from the application's terms (三零, at acceptance). */
const APPLICATION_TERMS_VERSION = 0;

/**
 * What a contract version is drafted from: a confirmed scheme (`termsVersion`: for a case that
 * walks or walked 三零, the scheme version whose voltage, capacity and sources it carries; null
 * otherwise), or under 三零 the accepted application (terms version 0).
 */
export type ContractBasis =
  { kind: 'scheme'; scheme: SchemeTerms; termsVersion: number | null } | { kind: 'application'; terms: ApplicationTerms };

/** The basis of a contract drafted from a confirmed scheme, with the terms version the confirmation names. */
export function schemeBasis(scheme: SchemeTerms & { contractTermsVersion?: number }): ContractBasis {
  return { kind: 'scheme', scheme, termsVersion: scheme.contractTermsVersion ?? null };
}

/** The terms version a contract version carries, as the contracts events state it (absent for a case that never walked 三零). */
function termsVersionOf(contract: SupplyContractEntity): { termsVersion?: number } {
  return contract.termsVersion === null ? {} : { termsVersion: contract.termsVersion };
}

/** The open work a withdrawal closes, as named in `contracts.case.cancelled.v1`. */
export const CANCELLED_WORK = { contract: 'SUPPLY_CONTRACT', invoice: 'FEE_INVOICE' } as const;

/** The label of a code in the contract's wording, or the code itself when the data has none. */
function label<K extends keyof typeof CONTRACT_LABELS>(kind: K, code: string | number): string {
  const labels = CONTRACT_LABELS[kind] as Record<string | number, string>;
  return labels[code] ?? String(code);
}

/** A date as written in a Chinese contract, in China Standard Time: 2026年12月1日. */
function chineseDate(at: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return `${y}年${m}月${d}日`;
}

/** The supply-use contract: drafted from the confirmed scheme, rendered to PDF, signed by the customer and the utility. */
@Injectable()
export class ContractService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: ContractsCaseService,
    private readonly cipher: DocumentCipher,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /**
   * Drafts the next version of the case's contract from `basis` (the scheme's terms, or under
   * 三零 the application's) and the case's parties, renders and stores its PDF, and announces
   * it (inside the caller's unit of work, under the case row lock).
   */
  async draft(
    work: Work,
    contractsCase: ContractsCase,
    basis: ContractBasis,
    actor: Actor = CONTRACTS_SYSTEM_ACTOR,
  ): Promise<SupplyContractEntity> {
    const [previous] = await work.manager.find(SupplyContractEntity, {
      where: { caseId: contractsCase.caseId },
      order: { version: 'DESC' },
      take: 1,
    });
    const template = this.templateFor(contractsCase, basis);
    const draftedAt = this.time.now();
    const customerName = contractsCase.customerName;
    const contract = work.manager.create(SupplyContractEntity, {
      id: randomUUID(),
      caseId: contractsCase.caseId,
      version: (previous?.version ?? 0) + 1,
      status: 'DRAFTED',
      ...this.termColumnsOf(basis),
      templateCode: template.code,
      templateVersion: template.version,
      customerName,
      customerAddress: contractsCase.customerAddress,
      utilityName: UTILITY_PARTY.name,
      draftedAt,
      fullySignedAt: null,
      supersededAt: null,
      supersededBecause: null,
      cancelledAt: null,
    });
    const filled = fillTemplate(template, {
      caseNumber: contractsCase.caseNumber,
      contractVersion: String(contract.version),
      draftedOn: chineseDate(draftedAt),
      utilityName: UTILITY_PARTY.name,
      utilityAddress: UTILITY_PARTY.address,
      customerName: customerName ?? TO_BE_CONFIRMED,
      customerAddress: contractsCase.customerAddress ?? TO_BE_CONFIRMED,
      voltageLevel: label('voltageLevel', contract.voltageLevel),
      capacityKva: String(contract.capacityKva),
      supplySources: label('supplySources', contract.supplySources),
      schemeVersion: contract.schemeVersion === null ? SET_BY_SCHEME : String(contract.schemeVersion),
      supplyPoints: contract.supplyPoints?.join('；') ?? SET_BY_SCHEME,
      meteringMethod: contract.meteringMethod === null ? SET_BY_SCHEME : label('meteringMethod', contract.meteringMethod),
      tariffCategory: contract.tariffCategory === null ? SET_BY_SCHEME : label('tariffCategory', contract.tariffCategory),
      propertyBoundary: contract.propertyBoundary ?? SET_BY_SCHEME,
    });
    const rendered = await renderContractPdf(filled, {
      caseNumber: contractsCase.caseNumber,
      version: contract.version,
      createdAt: draftedAt,
    });
    await work.manager.insert(SupplyContractEntity, contract);
    const { sealed, keyId, wrappedKey } = this.cipher.seal(rendered.pdf);
    await work.manager.insert(ContractDocumentEntity, {
      contractId: contract.id,
      pdf: sealed,
      keyId,
      wrappedKey,
      sha256: rendered.sha256,
      byteSize: rendered.pdf.length,
      pageCount: rendered.pageCount,
      renderedAt: draftedAt,
    });
    await work.audit({
      caseId: contractsCase.caseId,
      actor,
      action: 'contracts.contract.rendered',
      data: {
        contractId: contract.id,
        version: contract.version,
        templateCode: template.code,
        templateVersion: template.version,
        sha256: rendered.sha256,
        byteSize: rendered.pdf.length,
        pageCount: rendered.pageCount,
      },
    });
    await work.publish('contracts.contract.drafted.v1', {
      ...casePayloadOf(contractsCase, actor, CONTRACTS_NEXT_ACTIONS.contractDrafted()),
      contractId: contract.id,
      version: contract.version,
      ...termsVersionOf(contract),
    });
    return contract;
  }

  /** The template of the case's category; under 三零 at acceptance, the one that takes its terms from the application. */
  private templateFor(contractsCase: ContractsCase, basis: ContractBasis): ContractTemplate {
    if (basis.kind === 'scheme') return CONTRACT_TEMPLATES[contractsCase.category];
    const template = THREE_ZERO_TEMPLATES[contractsCase.category];
    if (!template) {
      throw new Error(`A ${contractsCase.category} contract is never drafted from the application's terms (三零 is low voltage only)`);
    }
    return template;
  }

  /** The columns of a contract version that `basis` sets: the scheme and its terms, or the application's terms alone. */
  private termColumnsOf(
    basis: ContractBasis,
  ): Pick<
    SupplyContractEntity,
    | 'schemeId'
    | 'schemeVersion'
    | 'termsVersion'
    | 'voltageLevel'
    | 'capacityKva'
    | 'supplySources'
    | 'supplyPoints'
    | 'meteringMethod'
    | 'tariffCategory'
    | 'propertyBoundary'
  > {
    if (basis.kind === 'application') {
      const { voltageLevel, capacityKva, supplySources } = basis.terms;
      return {
        schemeId: null,
        schemeVersion: null,
        termsVersion: APPLICATION_TERMS_VERSION,
        voltageLevel,
        capacityKva,
        supplySources,
        supplyPoints: null,
        meteringMethod: null,
        tariffCategory: null,
        propertyBoundary: null,
      };
    }
    const { scheme } = basis;
    return { schemeId: scheme.schemeId, schemeVersion: scheme.version, termsVersion: basis.termsVersion, ...this.termsOf(scheme) };
  }

  /** What a version was drafted from, to draft it again with other parties. */
  private basisOf(contract: SupplyContractEntity): ContractBasis {
    const { schemeId, schemeVersion, voltageLevel, capacityKva, supplySources } = contract;
    const { supplyPoints, meteringMethod, tariffCategory, propertyBoundary } = contract;
    // A version without a scheme has none of the terms only a scheme sets (supply_contract_scheme).
    if (
      schemeId === null ||
      schemeVersion === null ||
      supplyPoints === null ||
      meteringMethod === null ||
      tariffCategory === null ||
      propertyBoundary === null
    ) {
      return { kind: 'application', terms: { voltageLevel, capacityKva, supplySources } };
    }
    const terms = { voltageLevel, capacityKva, supplySources, supplyPoints, meteringMethod, tariffCategory, propertyBoundary };
    return { kind: 'scheme', scheme: { schemeId, version: schemeVersion, ...terms }, termsVersion: contract.termsVersion };
  }

  /**
   * Replaces the current version by the next one drafted from `basis` (the old one is kept,
   * SUPERSEDED, with any signature it had). `supersede` takes a version not yet fully signed;
   * `replaceTerms` (new terms a 三零 contract must carry) a fully signed one too.
   * INVALID_TRANSITION when the action does not take the current version's status.
   */
  async supersede(
    work: Work,
    contractsCase: ContractsCase,
    current: SupplyContractEntity,
    basis: ContractBasis,
    because: string,
    actor: Actor = CONTRACTS_SYSTEM_ACTOR,
    action: 'supersede' | 'replaceTerms' = 'supersede',
  ): Promise<SupplyContractEntity> {
    const next = contractStateMachine.next(current.status, action);
    const supersededAt = this.time.now();
    await work.manager.update(SupplyContractEntity, { id: current.id }, { status: next, supersededAt, supersededBecause: because });
    await work.audit({
      caseId: contractsCase.caseId,
      actor,
      action: 'contracts.contract.superseded',
      data: { contractId: current.id, version: current.version, previousStatus: current.status, because },
    });
    return this.draft(work, contractsCase, basis, actor);
  }

  /**
   * Records a scheme confirmed after full signature: the signed contract is not
   * changed; the new terms are kept for a contract officer (once per scheme version).
   */
  async recordSchemeConflict(
    work: Work,
    contractsCase: ContractsCase,
    signed: SupplyContractEntity,
    scheme: SchemeTerms,
    eventId: string,
    actor: Actor,
  ): Promise<boolean> {
    const terms = this.termsOf(scheme);
    const inserted = await work.manager
      .createQueryBuilder()
      .insert()
      .into(ContractSchemeConflictEntity)
      .values({
        id: randomUUID(),
        caseId: contractsCase.caseId,
        contractId: signed.id,
        schemeId: scheme.schemeId,
        schemeVersion: scheme.version,
        terms: { ...terms },
        eventId,
        receivedAt: this.time.now(),
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return false;
    await work.audit({
      caseId: contractsCase.caseId,
      actor,
      action: 'contracts.scheme.conflict.recorded',
      data: {
        eventId,
        contractId: signed.id,
        contractVersion: signed.version,
        contractedSchemeVersion: signed.schemeVersion,
        schemeId: scheme.schemeId,
        schemeVersion: scheme.version,
        terms: { ...terms },
      },
    });
    return true;
  }

  /**
   * A party signs the current contract version: the customer or their agent as
   * CUSTOMER, a contract officer as UTILITY. Decided under the case row lock, so two
   * signatures at once are taken one after the other.
   */
  async sign(principal: Principal, input: SignContractInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const contractsCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      this.cases.refuseWhenCancelled(contractsCase, 'signContract', CONTRACT_TRANSITIONS.signContract.from);
      const { actor, party } = this.signerOf(principal, input.party as Party | null | undefined);
      const contract = await this.current(work.manager, contractsCase.caseId);
      if (!contract) throw new ConflictError(`Case ${contractsCase.caseId} has no supply-use contract`);
      if (input.version != null && input.version !== contract.version) {
        throw new ConflictError(
          `Contract version ${input.version} is not the current version; version ${contract.version} is: read it before signing`,
        );
      }
      const signatures = await this.signaturesOf(work.manager, contract.id);
      const { next, fullySigned } = decideSignature(
        contract.status,
        signatures.map((s) => s.party),
        party,
      );
      if (!contract.customerName) {
        throw new ConflictError(
          `Contract version ${contract.version} does not name the customer yet: a contract officer enters the party (updateContractParties) before it is signed`,
        );
      }
      const document = await this.documentHashOf(work.manager, contract.id);

      const signedAt = this.time.now();
      await work.manager.insert(ContractSignatureEntity, {
        contractId: contract.id,
        party,
        signerId: principal.sub,
        signerName: principal.name?.trim() || null,
        signerRole: actor.role,
        method: input.method as SigningMethod,
        documentSha256: document,
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
        ...termsVersionOf(contract),
      });
    });
  }

  /**
   * A contract officer supplies or corrects the customer's details as a party. The
   * document of a version never changes, so a version not yet fully signed is
   * superseded by the next one rendered with the new details (signatures stay on the
   * old version); a fully signed contract is refused with INVALID_TRANSITION.
   */
  async updateParties(principal: Principal, input: UpdateContractPartiesInput): Promise<void> {
    const customerName = input.customerName.trim();
    const customerAddress = input.customerAddress?.trim() || null;
    await this.unitOfWork.run(async (work) => {
      const contractsCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      this.cases.refuseWhenCancelled(contractsCase, 'updateContractParties', CONTRACT_TRANSITIONS.supersede.from);
      const actor = actorOf(principal, CONTRACT_ROLES.updateParties);
      const contract = await this.current(work.manager, contractsCase.caseId);
      if (contract && !contractStateMachine.allows(contract.status, 'supersede')) {
        throw new InvalidTransitionError('updateContractParties', contract.status, [...CONTRACT_TRANSITIONS.supersede.from]);
      }

      await work.manager.update(
        ContractsCase,
        { caseId: contractsCase.caseId },
        { customerName, customerAddress, partiesRecordedBy: principal.sub, updatedAt: this.time.now() },
      );
      await work.audit({
        caseId: contractsCase.caseId,
        actor,
        action: 'contracts.parties.updated',
        data: {
          customerName,
          customerAddress,
          previous: { customerName: contractsCase.customerName, customerAddress: contractsCase.customerAddress },
        },
      });
      if (!contract) return;
      if (contract.customerName === customerName && contract.customerAddress === customerAddress) return;
      const updated = { ...contractsCase, customerName, customerAddress } as ContractsCase;
      await this.supersede(work, updated, contract, this.basisOf(contract), 'party details corrected by a contract officer', actor);
    });
  }

  /**
   * Closes the current version on the customer's withdrawal when it is not fully
   * signed (inside the caller's unit of work). True when it closed one.
   */
  async cancelOpen(work: Work, caseId: string): Promise<boolean> {
    const contract = await this.current(work.manager, caseId);
    if (!contract || !contractStateMachine.allows(contract.status, 'cancel')) return false;
    await work.manager.update(
      SupplyContractEntity,
      { id: contract.id },
      { status: contractStateMachine.next(contract.status, 'cancel'), cancelledAt: this.time.now() },
    );
    return true;
  }

  /**
   * The current version from its row, or null when there is none; its signatures and document
   * facts are read when asked (`signatureViewsOf`, `documentFactsOf`).
   */
  async view(contractsCase: ContractsCase, principal?: Principal): Promise<SupplyContractParent | null> {
    const contract = await this.currentOf(contractsCase.caseId, principal);
    return contract ? this.viewOf(contractsCase, contract) : null;
  }

  /** The version that counts (not superseded), read with every version of the case (once per request for every case asked). */
  async currentOf(caseId: string, principal?: Principal): Promise<SupplyContractEntity | null> {
    return (await this.versionsOf(caseId, principal)).find((c) => c.status !== 'SUPERSEDED') ?? null;
  }

  /** Every version of the case's contract, newest first, read once per request for every case asked. */
  private versionsOf(caseId: string, principal?: Principal): Promise<SupplyContractEntity[]> {
    return loadAllBy(principal, this.dataSource.manager, SupplyContractEntity, 'caseId', caseId, { version: 'DESC' });
  }

  /** Every version of the case's contract, newest first, from their rows (signatures and document facts as in `view`). */
  async versions(contractsCase: ContractsCase, principal?: Principal): Promise<SupplyContractParent[]> {
    return (await this.versionsOf(contractsCase.caseId, principal)).map((contract) => this.viewOf(contractsCase, contract));
  }

  /** The signatures of a contract version, in the order they were given; read once per request for every version asked. */
  async signatureViewsOf(contractId: string, principal?: Principal): Promise<ContractSignature[]> {
    const signatures = await loadAllBy(principal, this.dataSource.manager, ContractSignatureEntity, 'contractId', contractId, {
      signedAt: 'ASC',
      party: 'ASC',
    });
    return signatures.map((s) => ({
      party: s.party,
      signerId: s.signerId,
      signerName: s.signerName,
      signerRole: s.signerRole,
      method: s.method,
      documentSha256: s.documentSha256,
      signedAt: s.signedAt,
    }));
  }

  /**
   * The facts of a version's document (hash, pages, size; never the PDF itself), or null for a
   * version drafted before documents were rendered; one query per request for every version asked.
   */
  documentFactsOf(
    contractId: string,
    principal?: Principal,
  ): Promise<Pick<ContractDocumentEntity, 'sha256' | 'pageCount' | 'byteSize'> | null> {
    const manager = this.dataSource.manager;
    return requestLoader<string, ContractDocumentEntity | null>(principal, 'contract-document-facts', async (keys) =>
      byKey(
        keys,
        await manager.find(ContractDocumentEntity, {
          where: { contractId: In([...keys]) },
          select: { contractId: true, sha256: true, pageCount: true, byteSize: true },
        }),
        (d) => d.contractId,
      ),
    ).load(contractId);
  }

  /** The PDF of a contract version, base64-encoded, or null when it has none; one query per request for every version asked. */
  async documentBase64(contractId: string, principal?: Principal): Promise<string | null> {
    const document = await loadOneBy(principal, this.dataSource.manager, ContractDocumentEntity, 'contractId', contractId);
    if (!document) return null;
    if (document.keyId === null || document.wrappedKey === null) return document.pdf.toString('base64');
    return this.cipher.open({ keyId: document.keyId, wrappedKey: document.wrappedKey }, document.pdf).toString('base64');
  }

  /** Schemes confirmed after full signature, oldest first. */
  async conflicts(caseId: string, principal?: Principal): Promise<ContractSchemeConflict[]> {
    // Read once per request for every case asked (`principal` names the request).
    const rows = await loadAllBy(principal, this.dataSource.manager, ContractSchemeConflictEntity, 'caseId', caseId, { receivedAt: 'ASC' });
    return rows.map((r) => ({
      id: r.id,
      contractId: r.contractId,
      schemeId: r.schemeId,
      schemeVersion: r.schemeVersion,
      terms: r.terms as unknown as ContractSchemeConflict['terms'],
      receivedAt: r.receivedAt,
    }));
  }

  /** The latest contract version of a case (whatever its status). */
  async latest(manager: EntityManager, caseId: string): Promise<SupplyContractEntity | null> {
    const [latest] = await manager.find(SupplyContractEntity, { where: { caseId }, order: { version: 'DESC' }, take: 1 });
    return latest ?? null;
  }

  /** The version that counts: the one not superseded (fully signed, in signature, or cancelled). */
  async current(manager: EntityManager, caseId: string): Promise<SupplyContractEntity | null> {
    return manager.findOne(SupplyContractEntity, { where: { caseId, status: Not('SUPERSEDED') } });
  }

  /** The terms of a scheme, as a contract records them. */
  termsOf(scheme: Omit<SchemeTerms, 'schemeId' | 'version'>): Omit<SchemeTerms, 'schemeId' | 'version'> {
    return {
      voltageLevel: scheme.voltageLevel,
      capacityKva: scheme.capacityKva,
      supplySources: scheme.supplySources,
      supplyPoints: [...scheme.supplyPoints],
      meteringMethod: scheme.meteringMethod,
      tariffCategory: scheme.tariffCategory,
      propertyBoundary: scheme.propertyBoundary,
    };
  }

  /** The actor and the party they sign for; FORBIDDEN when their role signs for another party. */
  private signerOf(principal: Principal, requested: Party | null | undefined): { actor: Actor; party: Party } {
    if (requested) {
      const roles = rolesSigningFor(requested);
      if (!roles.some((r) => principal.roles.includes(r))) {
        throw new ForbiddenError(`Only ${roles.join(' or ')} may sign for the ${requested === 'CUSTOMER' ? 'customer' : 'utility'}`);
      }
      return { actor: actorOf(principal, roles), party: requested };
    }
    const actor = actorOf(principal, CONTRACT_ROLES.sign);
    const party = PARTY_OF_ROLE[actor.role];
    if (!party) throw new ForbiddenError(`The role ${actor.role} signs for no party`);
    return { actor, party };
  }

  /** A version as the graph shows it, from its row and the case (the parties' customer id). */
  private viewOf(contractsCase: ContractsCase, contract: SupplyContractEntity): SupplyContractParent {
    return {
      id: contract.id,
      version: contract.version,
      status: contract.status,
      schemeId: contract.schemeId,
      schemeVersion: contract.schemeVersion,
      termsVersion: contract.termsVersion,
      terms: {
        voltageLevel: contract.voltageLevel,
        capacityKva: contract.capacityKva,
        supplySources: contract.supplySources,
        supplyPoints: contract.supplyPoints ?? [],
        meteringMethod: contract.meteringMethod,
        tariffCategory: contract.tariffCategory,
        propertyBoundary: contract.propertyBoundary,
      },
      parties: {
        customer: { id: contractsCase.customerId, name: contract.customerName, address: contract.customerAddress },
        utility: { id: null, name: contract.utilityName, address: contract.utilityName ? UTILITY_PARTY.address : null },
      },
      templateCode: contract.templateCode,
      templateVersion: contract.templateVersion,
      draftedAt: contract.draftedAt,
      fullySignedAt: contract.fullySignedAt,
      supersededAt: contract.supersededAt,
      supersededBecause: contract.supersededBecause,
      cancelledAt: contract.cancelledAt,
    };
  }

  private async documentHashOf(manager: EntityManager, contractId: string): Promise<string | null> {
    const document = await manager.findOne(ContractDocumentEntity, { where: { contractId }, select: { contractId: true, sha256: true } });
    return document?.sha256 ?? null;
  }

  private signaturesOf(manager: EntityManager, contractId: string): Promise<ContractSignatureEntity[]> {
    return manager.find(ContractSignatureEntity, { where: { contractId }, order: { signedAt: 'ASC', party: 'ASC' } });
  }
}
