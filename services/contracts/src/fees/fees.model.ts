import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { CurrencyEnum, InvoiceStatusEnum } from '../enums';

@ObjectType({ description: 'One line of the business-fee invoice' })
export class FeeItem {
  @Field({ description: 'Stable code of the fee, e.g. HIGH_RELIABILITY or TEMPORARY_SUPPLY' })
  code: string;

  @Field({ description: 'Name of the fee in English, e.g. high-reliability fee' })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'The fee as printed on the invoice, e.g. 高可靠性供电费; null on lines priced before it was recorded',
  })
  description: string | null;

  @Field({ description: 'How the amount was found, e.g. "210.00 CNY per kVA × 800 kVA × 1 additional supply source"' })
  basis: string;

  @Field(() => String, { nullable: true, description: 'The exact quantity the unit price applies to, e.g. "800" or "1250.5"' })
  quantity: string | null;

  @Field(() => String, { nullable: true, description: 'What the quantity counts: kVA, kVA × additional source, or item' })
  unit: string | null;

  @Field(() => String, { nullable: true, description: 'Unit price in yuan with two decimals, e.g. "210.00"' })
  unitPrice: string | null;

  @Field({ description: 'Amount in yuan with two decimals (unit price × quantity, rounded half up to the fen), e.g. "168000.00"' })
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

@ObjectType({ description: 'The business-fee invoice (业务费用通知) of a case' })
export class FeeInvoice {
  @Field(() => ID, { description: 'Invoice id' })
  id: string;

  @Field(() => InvoiceStatusEnum, {
    description: 'Where the invoice stands',
  })
  status: string;

  @Field(() => CurrencyEnum, { description: 'Currency of every amount' })
  currency: string;

  @Field({ description: 'The fee policy version the items were priced under' })
  policyVersion: string;

  /** Read when asked, by `FeeInvoiceResolver`. */
  @Field(() => [FeeItem], { description: 'The invoiced items; empty when nothing is due' })
  items: FeeItem[];

  @Field({ description: 'Invoice total in yuan with two decimals' })
  total: string;

  @Field({ description: 'Paid so far, in yuan with two decimals' })
  paid: string;

  @Field({ description: 'Still to pay, in yuan with two decimals ("0.00" once settled or cancelled)' })
  outstanding: string;

  @Field(() => GraphQLISODateTime, { description: 'When the fees were invoiced' })
  invoicedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the fees were settled; null until then' })
  settledAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the withdrawal cancelled the invoice; null unless CANCELLED' })
  cancelledAt: Date | null;
}

@ObjectType({ description: 'The refund due to a customer who withdrew the application: everything they had paid' })
export class FeeRefund {
  @Field({ description: 'Refund due in yuan with two decimals ("0.00" when nothing was paid)' })
  due: string;

  @Field({ description: 'Why it is due: the withdrawal reason' })
  reason: string;

  @Field(() => GraphQLISODateTime, { description: 'When contracts recorded it' })
  recordedAt: Date;
}

@ObjectType({
  description:
    'The business fees (业务费用) of a case: the invoice (with what was paid and what is outstanding), the payments and any refund due; the flat invoice fields repeat `invoice` and are deprecated',
})
export class Fees {
  /** The case the fees belong to (not a field: the case is the parent); `refund` is read by it. */
  caseId: string;

  @Field(() => FeeInvoice, { description: 'The invoice with its items and amounts' })
  invoice: FeeInvoice;

  /** Read when asked, as are `items` and `payments` (FeesFieldsResolver). */
  @Field(() => FeeRefund, { nullable: true, description: 'The refund due after a withdrawal; null while the case is live' })
  refund: FeeRefund | null;

  @Field(() => ID, {
    description: 'Invoice id (same as invoice.id)',
    deprecationReason: 'Use `invoice.id`: the invoice is the one shape of the fees.',
  })
  invoiceId: string;

  @Field(() => InvoiceStatusEnum, {
    description: 'Where the invoice stands',
    deprecationReason: 'Use `invoice.status`: the invoice is the one shape of the fees.',
  })
  status: string;

  @Field(() => CurrencyEnum, {
    description: 'Currency of every amount',
    deprecationReason: 'Use `invoice.currency`: the invoice is the one shape of the fees.',
  })
  currency: string;

  @Field({
    description: 'The fee policy version the items were priced under',
    deprecationReason: 'Use `invoice.policyVersion`: the invoice is the one shape of the fees.',
  })
  policyVersion: string;

  @Field(() => [FeeItem], {
    description: 'The invoiced items; empty when nothing is due',
    deprecationReason: 'Use `invoice.items`: the invoice is the one shape of the fees.',
  })
  items: FeeItem[];

  @Field({
    description: 'Invoice total in yuan with two decimals, e.g. "168000.00"',
    deprecationReason: 'Use `invoice.total`: the invoice is the one shape of the fees.',
  })
  total: string;

  @Field({
    description: 'Paid so far, in yuan with two decimals',
    deprecationReason: 'Use `invoice.paid`: the invoice is the one shape of the fees.',
  })
  paid: string;

  @Field({
    description: 'Still to pay, in yuan with two decimals',
    deprecationReason: 'Use `invoice.outstanding`: the invoice is the one shape of the fees.',
  })
  outstanding: string;

  @Field({ description: 'True once paid equals the total (at once for an invoice of zero)' })
  settled: boolean;

  @Field(() => GraphQLISODateTime, {
    description: 'When the fees were invoiced',
    deprecationReason: 'Use `invoice.invoicedAt`: the invoice is the one shape of the fees.',
  })
  invoicedAt: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the fees were settled; null until then',
    deprecationReason: 'Use `invoice.settledAt`: the invoice is the one shape of the fees.',
  })
  settledAt: Date | null;

  @Field(() => [FeePayment], { description: 'Payments received, oldest first' })
  payments: FeePayment[];
}

/** The invoice as its parent answers it, from the invoice row alone: `items` is read when asked. */
export type FeeInvoiceParent = Omit<FeeInvoice, 'items'>;

/** The fields of `Fees` that need tables beyond the invoice row: `FeesFieldsResolver` reads them when they are asked. */
export type LazyFeesField = 'items' | 'payments' | 'refund';

/** `Fees` as `Case.fees` answers it: what the invoice row holds, and the keys the lazy fields read by. */
export type FeesParent = Omit<Fees, LazyFeesField | 'invoice'> & { invoice: FeeInvoiceParent };
