import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One line of the business-fee invoice' })
export class FeeItem {
  @Field({ description: 'Stable code of the fee, e.g. HIGH_RELIABILITY' })
  code: string;

  @Field({ description: 'Name of the fee as invoiced, e.g. high-reliability fee' })
  name: string;

  @Field({ description: 'How the amount was found, e.g. "210.00 CNY per kVA × 800 kVA × 1 additional supply source"' })
  basis: string;

  @Field({ description: 'Amount in yuan with two decimals, e.g. "168000.00"' })
  amount: string;
}

@ObjectType({ description: 'A payment received against the business-fee invoice' })
export class FeePayment {
  @Field(() => ID, { description: 'Payment id' })
  id: string;

  @Field({ description: 'Amount in yuan with two decimals' })
  amount: string;

  @Field(() => String, { nullable: true, description: 'Bank or receipt reference, if given' })
  reference: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the payment was recorded as received' })
  receivedAt: Date;

  @Field({ description: 'Staff id of the contract officer who recorded it' })
  recordedBy: string;
}

@ObjectType({ description: 'The business fees (业务费用) of a case: the invoice, what was paid and what is outstanding' })
export class Fees {
  @Field(() => ID, { description: 'Invoice id' })
  invoiceId: string;

  @Field(() => String, { description: 'ISSUED, PARTIALLY_PAID or SETTLED' })
  status: string;

  @Field({ description: 'Currency of every amount: CNY' })
  currency: string;

  @Field({ description: 'The fee policy version the items were priced under' })
  policyVersion: string;

  @Field(() => [FeeItem], { description: 'The invoiced items; empty when nothing is due' })
  items: FeeItem[];

  @Field({ description: 'Invoice total in yuan with two decimals, e.g. "168000.00"' })
  total: string;

  @Field({ description: 'Paid so far, in yuan with two decimals' })
  paid: string;

  @Field({ description: 'Still to pay, in yuan with two decimals' })
  outstanding: string;

  @Field({ description: 'True once paid equals the total (at once for an invoice of zero)' })
  settled: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When the fees were invoiced' })
  invoicedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the fees were settled; null until then' })
  settledAt: Date | null;

  @Field(() => [FeePayment], { description: 'Payments received, oldest first' })
  payments: FeePayment[];
}
