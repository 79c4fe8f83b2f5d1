import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, loadOneBy, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { variantOf } from '@yekuo/policy';
import { DataSource } from 'typeorm';
import { ContractService } from '../contract/contract.service';
import { Case } from '../contracts-case/case.type';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { FeeInvoiceEntity } from '../fees/fee-invoice.entity';
import { contractsStatusOf } from './contracts-status';
import { ContractsStatusEnum } from '../enums';

/** `Case.contractsStatus`: the contract-and-fees stage in one word. */
@Resolver(() => Case)
export class ContractsStatusResolver {
  constructor(
    private readonly cases: ContractsCaseService,
    private readonly contracts: ContractService,
    private readonly dataSource: DataSource,
  ) {}

  @ResolveField(() => ContractsStatusEnum, {
    nullable: true,
    description:
      'Where the case stands in the contract-and-fees stage; null before the contract is drafted or when you may not see the case',
  })
  @Roles(...ROLES)
  async contractsStatus(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    const contractsCase = await this.cases.findVisible(principal, parent.id);
    if (!contractsCase) return null;
    // The rows `contract` and `fees` read too, through the same loaders: once per request for every case asked.
    const [contract, invoice] = await Promise.all([
      this.contracts.currentOf(contractsCase.caseId, principal),
      loadOneBy(principal, this.dataSource.manager, FeeInvoiceEntity, 'caseId', contractsCase.caseId),
    ]);
    return contractsStatusOf({
      cancelled: contractsCase.cancelledAt !== null,
      contract: contract?.status ?? null,
      invoice: invoice?.status ?? null,
      invoicesFees: variantOf(contractsCase.category, contractsCase.processVariant).invoicesFees,
    });
  }
}
