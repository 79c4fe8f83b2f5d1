import type { ServiceDefinition } from '@yekuo/shared';
import { ContractSignatureEntity, SupplyContractEntity } from './contract/supply-contract.entity';
import { Case } from './contracts-case/case.type';
import { ContractsCase } from './contracts-case/contracts-case.entity';
import { FeeInvoiceEntity, FeeInvoiceItemEntity, FeePaymentEntity } from './fees/fee-invoice.entity';
import { ContractsTables1764500000000 } from './migrations/1764500000000-contracts-tables';

export const contractsService: ServiceDefinition = {
  name: 'contracts',
  defaultPort: 4004,
  entities: [ContractsCase, SupplyContractEntity, ContractSignatureEntity, FeeInvoiceEntity, FeeInvoiceItemEntity, FeePaymentEntity],
  migrations: [ContractsTables1764500000000],
  orphanedTypes: [Case],
};
