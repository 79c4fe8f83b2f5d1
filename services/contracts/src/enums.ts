import { enumFromValues } from '@yekuo/platform';
import { CONTRACT_STATUSES, PARTIES, SIGNING_METHODS } from './contract/contract.state-machine';
import { CONTRACTS_STATUSES } from './contracts-status/contracts-status';
import { INVOICE_STATUSES } from './fees/invoice.state-machine';
import { CURRENCY } from './fees/money';

// Contracts' closed sets as GraphQL enums.

export const ContractStatusEnum = enumFromValues(CONTRACT_STATUSES, 'ContractStatus', 'Where a supply-use contract version stands', {
  valueDescriptions: {
    DRAFTED: 'Drafted, no signature yet',
    PARTIALLY_SIGNED: 'One party signed',
    FULLY_SIGNED: 'Both parties signed; never changed (a scheme that changes the terms a 三零 contract carries supersedes it)',
    SUPERSEDED: 'Replaced by a later version',
    CANCELLED: 'The application was withdrawn',
  },
});

export const SigningPartyEnum = enumFromValues(PARTIES, 'SigningParty', 'A party that signs the supply-use contract', {
  valueDescriptions: { CUSTOMER: 'The customer (用电人), or their agent', UTILITY: 'The utility (供电人): a contract officer' },
});

export const SigningMethodEnum = enumFromValues(SIGNING_METHODS, 'SigningMethod', 'How a party signed', {
  valueDescriptions: {
    ONLINE: 'Accepted in the app or console',
    E_SIGNATURE: 'Certificate-based electronic signature',
    ON_SITE: 'In person on a signature pad',
    ON_PAPER: 'Ink on the printed document',
  },
});

export const ContractsStatusEnum = enumFromValues(
  CONTRACTS_STATUSES,
  'ContractsStatus',
  'Where a case stands in the contract-and-fees stage',
  {
    valueDescriptions: { CANCELLED: 'The application was withdrawn' },
  },
);

export const InvoiceStatusEnum = enumFromValues(INVOICE_STATUSES, 'InvoiceStatus', 'Where the business-fee invoice stands', {
  valueDescriptions: {
    SETTLED: 'Paid equals the total',
    CANCELLED: 'Closed on withdrawal; what was paid is refunded',
  },
});

export const CurrencyEnum = enumFromValues([CURRENCY], 'Currency', 'The currency of every amount');
