import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { fenTransformer } from '../common/fen.transformer';
import type { InvoiceStatus } from './invoice.state-machine';
import type { Fen } from './money';

/** The invoice of a case's business fees, priced from the fee policy when the contract is drafted; amounts in fen. */
@Entity({ name: 'fee_invoice' })
@Index('fee_invoice_case', ['caseId'], { unique: true })
export class FeeInvoiceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  currency: string;

  /** The fee policy version the items were priced under. */
  @Column({ name: 'fee_policy_version', type: 'text' })
  feePolicyVersion: string;

  @Column({ name: 'total_fen', type: 'bigint', transformer: fenTransformer })
  total: Fen;

  @Column({ name: 'paid_fen', type: 'bigint', transformer: fenTransformer })
  paid: Fen;

  @Column('text')
  status: InvoiceStatus;

  @Column({ name: 'invoiced_at', type: 'timestamptz' })
  invoicedAt: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}

/** One line of an invoice. */
@Entity({ name: 'fee_invoice_item' })
export class FeeInvoiceItemEntity {
  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @PrimaryColumn('int')
  position: number;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  basis: string;

  /** As printed on the invoice (Chinese); null on lines priced before it was recorded. */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The exact decimal quantity the unit price applies to. */
  @Column({ type: 'text', nullable: true })
  quantity: string | null;

  @Column({ type: 'text', nullable: true })
  unit: string | null;

  @Column({ name: 'unit_price_fen', type: 'bigint', nullable: true, transformer: fenTransformer })
  unitPrice: Fen | null;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer })
  amount: Fen;
}

/** A payment received against an invoice, as recorded by a contract officer. */
@Entity({ name: 'fee_payment' })
@Index('fee_payment_invoice', ['invoiceId', 'receivedAt'])
export class FeePaymentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer })
  amount: Fen;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;
}

/** The refund due to a customer who withdrew: what they had paid, recorded once per case. */
@Entity({ name: 'fee_refund' })
export class FeeRefundEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId: string | null;

  @Column({ name: 'due_fen', type: 'bigint', transformer: fenTransformer })
  due: Fen;

  @Column('text')
  reason: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
