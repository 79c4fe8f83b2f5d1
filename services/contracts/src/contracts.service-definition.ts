import type { ServiceDefinition } from '@yekuo/platform';
import { actionsOf } from '@yekuo/policy';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS, TimeLimitClocks1765200000000 } from '@yekuo/timelimits';
import {
  ContractDocumentEntity,
  ContractSchemeConflictEntity,
  ContractSignatureEntity,
  SupplyContractEntity,
} from './contract/supply-contract.entity';
import { Case } from './contracts-case/case.type';
import { ContractsApplication, ContractsCase } from './contracts-case/contracts-case.entity';
import { FeeInvoiceEntity, FeeInvoiceItemEntity, FeePaymentEntity, FeeRefundEntity } from './fees/fee-invoice.entity';
import { ContractsTables1764500000000 } from './migrations/1764500000000-contracts-tables';
import { ContractDocumentsAndWithdrawal1765000000000 } from './migrations/1765000000000-contract-documents-and-withdrawal';
import { DropLegacyApplicationCustomerName1766000000000 } from './migrations/1766000000000-drop-legacy-application-customer-name';
import { CaseCopy1767000000000 } from './migrations/1767000000000-case-copy';
import { ContractDocumentEncryption1769200000000 } from './migrations/1769200000000-contract-document-encryption';
import { ContractsTimeLimitClocks1769850000000 } from './migrations/1769850000000-time-limit-clocks';
import { ProcessVariant1770300000000 } from './migrations/1770300000000-process-variant';

export const contractsService: ServiceDefinition = {
  name: 'contracts',
  defaultPort: 4004,
  eventActions: actionsOf,
  entities: [
    ...TIME_LIMIT_ENTITIES,
    ContractsCase,
    ContractsApplication,
    SupplyContractEntity,
    ContractDocumentEntity,
    ContractSignatureEntity,
    ContractSchemeConflictEntity,
    FeeInvoiceEntity,
    FeeInvoiceItemEntity,
    FeePaymentEntity,
    FeeRefundEntity,
  ],
  migrations: [
    ContractsTables1764500000000,
    ContractDocumentsAndWithdrawal1765000000000,
    DropLegacyApplicationCustomerName1766000000000,
    CaseCopy1767000000000,
    ContractDocumentEncryption1769200000000,
    ContractsTimeLimitClocks1769850000000,
    // The shared clock migrations that follow the tables' creation (contracts' own migration above creates them).
    ...TIME_LIMIT_MIGRATIONS.filter((migration) => migration !== TimeLimitClocks1765200000000),
    ProcessVariant1770300000000,
  ],
  // A signed contract's document never changes (its trigger refuses it too).
  appendOnlyTables: ['contract_document'],
  orphanedTypes: [Case],
};
