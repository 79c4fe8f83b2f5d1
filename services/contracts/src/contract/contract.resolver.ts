import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { reveal } from '@yekuo/policy';
import { ROLES } from '@yekuo/events';
import { ClockService, StageClock } from '@yekuo/timelimits';
import { Case } from '../contracts-case/case.type';
import { CONTRACT_DRAFTING_CLOCK } from '../contracts-case/clocks';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { SignContractInput, UpdateContractPartiesInput } from './contract.inputs';
import { ContractSchemeConflict, ContractSignature, SupplyContract, SupplyContractParent } from './contract.model';
import { CONTRACT_ROLES, ContractService } from './contract.service';

/** The customer's name and address as the caller may see them (personal data, masked by role as in intake). */
function maskParties<T extends Pick<SupplyContract, 'parties'>>(principal: Principal, contract: T): T {
  const customer = contract.parties.customer;
  if (!customer.id) return contract;
  const id = customer.id;
  const masked = {
    ...customer,
    name: customer.name && reveal(principal, 'name', id, customer.name),
    address: customer.address && reveal(principal, 'siteAddress', id, customer.address),
  };
  return { ...contract, parties: { ...contract.parties, customer: masked } };
}

/**
 * `Case.contract`, `Case.contractDraftingClock`, `Case.contractVersions`, `Case.contractSchemeConflicts`, `signContract` and
 * `updateContractParties`.
 */
@Resolver(() => Case)
export class ContractResolver {
  constructor(
    private readonly contracts: ContractService,
    private readonly cases: ContractsCaseService,
    private readonly clocks: ClockService,
  ) {}

  @ResolveField(() => SupplyContract, {
    nullable: true,
    description:
      'The current supply-use contract version (the one not superseded) with its parties, terms, document hash and signatures; null before it is drafted or when you may not see the case',
  })
  @Roles(...ROLES)
  async contract(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<SupplyContractParent | null> {
    // The contract row answers the version; signatures and document facts are read by `SupplyContractResolver` when asked.
    const contractsCase = await this.cases.findVisible(principal, parent.id);
    const contract = contractsCase ? await this.contracts.view(contractsCase, principal) : null;
    return contract && maskParties(principal, contract);
  }

  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      'The time-limit clock of drafting the contract (CONTRACT_DRAFTING): from the confirmation of the supply scheme (whose terms the contract is made from; under 三零 the acceptance of the application, whose terms it is drafted from) to the first version drafted for signature; contracts drafts as it hears of the confirmation or acceptance, so the clock shows any delay in between. Null before then, when the policy sets no limit or when you may not see the case',
  })
  @Roles(...ROLES)
  async contractDraftingClock(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return (await this.cases.findVisible(principal, parent.id)) ? this.clocks.view(parent.id, CONTRACT_DRAFTING_CLOCK) : null;
  }

  @ResolveField(() => [SupplyContract], {
    description:
      'Every version of the supply-use contract, newest first, superseded ones included; empty when none or when you may not see the case',
  })
  @Roles(...ROLES)
  async contractVersions(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<SupplyContractParent[]> {
    const contractsCase = await this.cases.findVisible(principal, parent.id);
    return contractsCase ? (await this.contracts.versions(contractsCase, principal)).map((c) => maskParties(principal, c)) : [];
  }

  @ResolveField(() => [ContractSchemeConflict], {
    description:
      'Supply schemes confirmed after the contract was fully signed, recorded for a contract officer to decide on an amendment (contract officers, supervisors, auditors, admins)',
  })
  @Roles(...CONTRACT_ROLES.readConflicts)
  async contractSchemeConflicts(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<ContractSchemeConflict[]> {
    const contractsCase = await this.cases.findVisible(principal, parent.id);
    return contractsCase ? this.contracts.conflicts(contractsCase.caseId, principal) : [];
  }

  @Mutation(() => Case, {
    description:
      'Sign the current supply-use contract version: the customer or their agent signs for the CUSTOMER, a contract officer for the UTILITY. Signing twice, or a version that does not yet name the customer (see updateContractParties), is a CONFLICT; signing a fully signed contract (or on a withdrawn case) an INVALID_TRANSITION',
  })
  @Roles(...CONTRACT_ROLES.sign)
  async signContract(@Args('input') input: SignContractInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.contracts.sign(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      "Supply or correct the customer's name and address as a party to the contract (contract officer). A version not yet fully signed is superseded by the next, rendered with the new details; a fully signed contract is an INVALID_TRANSITION",
  })
  @Roles(...CONTRACT_ROLES.updateParties)
  async updateContractParties(@Args('input') input: UpdateContractPartiesInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.contracts.updateParties(principal, input);
    return { id: input.caseId };
  }
}

/**
 * Fields of `SupplyContract` read apart from the contract row, each only when it is asked: the
 * signatures, the document facts and `pdfBase64`, the document itself. The parent is only served
 * to whom may see the case; the principal names the request, whose loaders read each table once
 * for every version asked.
 */
@Resolver(() => SupplyContract)
export class SupplyContractResolver {
  constructor(private readonly contracts: ContractService) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The exact PDF bytes of this version, base64-encoded (its sha256 is `sha256`); for the customer or their agent, contract officers and auditors',
  })
  @Roles(...CONTRACT_ROLES.readDocument)
  pdfBase64(@Parent() contract: SupplyContractParent, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    return this.contracts.documentBase64(contract.id, principal);
  }

  // The fields below are declared (type, description) on `SupplyContract`; only their reading is here.

  @ResolveField('signatures')
  @Roles(...ROLES)
  signatures(@Parent() contract: SupplyContractParent, @CurrentPrincipal() principal: Principal): Promise<ContractSignature[]> {
    return this.contracts.signatureViewsOf(contract.id, principal);
  }

  @ResolveField('sha256')
  @Roles(...ROLES)
  async sha256(@Parent() contract: SupplyContractParent, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    return (await this.contracts.documentFactsOf(contract.id, principal))?.sha256 ?? null;
  }

  @ResolveField('pageCount')
  @Roles(...ROLES)
  async pageCount(@Parent() contract: SupplyContractParent, @CurrentPrincipal() principal: Principal): Promise<number | null> {
    return (await this.contracts.documentFactsOf(contract.id, principal))?.pageCount ?? null;
  }

  @ResolveField('byteSize')
  @Roles(...ROLES)
  async byteSize(@Parent() contract: SupplyContractParent, @CurrentPrincipal() principal: Principal): Promise<number | null> {
    return (await this.contracts.documentFactsOf(contract.id, principal))?.byteSize ?? null;
  }
}
