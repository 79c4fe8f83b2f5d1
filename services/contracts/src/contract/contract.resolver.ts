import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, ROLES, Roles } from '@yekuo/shared';
import { Case } from '../contracts-case/case.type';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { SignContractInput } from './contract.inputs';
import { SupplyContract } from './contract.model';
import { CONTRACT_ROLES, ContractService } from './contract.service';

/** `Case.contract` and `signContract`. */
@Resolver(() => Case)
export class ContractResolver {
  constructor(
    private readonly contracts: ContractService,
    private readonly cases: ContractsCaseService,
  ) {}

  @ResolveField(() => SupplyContract, {
    nullable: true,
    description:
      'The supply-use contract (latest version) with its terms and signatures; null before it is drafted or when you may not see the case',
  })
  @Roles(...ROLES)
  async contract(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<SupplyContract | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.contracts.view(parent.id);
  }

  @Mutation(() => Case, {
    description:
      'Sign the supply-use contract: the customer or their agent signs for the customer, a contract officer for the utility. Signing twice is a CONFLICT; signing a fully signed contract an INVALID_TRANSITION',
  })
  @Roles(...CONTRACT_ROLES.sign)
  async signContract(@Args('input') input: SignContractInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.contracts.sign(principal, input);
    return { id: input.caseId };
  }
}
