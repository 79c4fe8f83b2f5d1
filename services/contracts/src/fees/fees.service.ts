import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  actorOf,
  ConflictError,
  loadAllBy,
  loadOneBy,
  Principal,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  ValidationFailedError,
  Work,
} from '@yekuo/platform';
import { casePayloadOf, Role } from '@yekuo/events';
import { FeePolicy, FeeSchedule, TimeLimitPolicy } from '@yekuo/timelimits';
import { DataSource, EntityManager } from 'typeorm';
import { ContractService } from '../contract/contract.service';
import { ContractStatus } from '../contract/contract.state-machine';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { ContractsApplication, ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { CONTRACTS_NEXT_ACTIONS } from '../contracts-case/next-action.policy';
import { computeInvoice, FeeTerms, InvoiceLine } from './fee-policy';
import { FeeInvoiceEntity, FeeInvoiceItemEntity, FeePaymentEntity, FeeRefundEntity } from './fee-invoice.entity';
import { FeeItem, FeePayment, FeeRefund, FeesParent } from './fees.model';
import { RecordPaymentInput } from './fees.inputs';
import { decideIssue, decidePayment, INVOICE_TRANSITIONS, invoiceStateMachine } from './invoice.state-machine';
import { Fen, formatYuan, parseYuan } from './money';

/** Who may do what to the business fees. */
export const FEES_ROLES = {
  recordPayment: ['contract-officer'],
} as const satisfies Record<string, readonly Role[]>;

/** The business fees: invoiced from the fee policy, paid in one or more payments, settled when paid equals the total. */
@Injectable()
export class FeesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: ContractsCaseService,
    private readonly contracts: ContractService,
    private readonly schedule: FeeSchedule,
    private readonly policy: TimeLimitPolicy,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** The fees in force now for the case's jurisdiction (its region), national where it has no overlay. */
  private feesOf(contractsCase: ContractsCase, at: Date): FeePolicy {
    return this.schedule.policyFor(this.policy.jurisdictionOf(contractsCase.regionCode ?? ''), at);
  }

  /**
   * Invoices the case's fees from the policy and announces the invoice; an invoice of
   * zero is settled at once and announced as such (inside the caller's unit of work).
   */
  async invoice(work: Work, contractsCase: ContractsCase, terms: FeeTerms, contractStatus: ContractStatus): Promise<FeeInvoiceEntity> {
    const invoicedAt = this.time.now();
    const computed = computeInvoice(
      contractsCase.category,
      await this.termsWithBusinessType(work.manager, contractsCase, terms),
      this.feesOf(contractsCase, invoicedAt),
    );
    const issue = decideIssue(computed.total);
    const invoice = work.manager.create(FeeInvoiceEntity, {
      id: randomUUID(),
      caseId: contractsCase.caseId,
      currency: computed.currency,
      feePolicyVersion: computed.policyVersion,
      total: computed.total,
      paid: 0n,
      status: issue.status,
      invoicedAt,
      settledAt: issue.settled ? invoicedAt : null,
      cancelledAt: null,
    });
    await work.manager.insert(FeeInvoiceEntity, invoice);
    await this.insertLines(work, invoice.id, computed.lines);
    await this.announceIssued(work, contractsCase, invoice.id, invoice.total, issue.settled, contractStatus);
    return invoice;
  }

  /**
   * Records a payment received (contract officer). Decided under the case row lock:
   * partial payments add up; one that would exceed the outstanding amount is refused;
   * the one that makes paid equal the total settles the fees, announced once.
   */
  async recordPayment(principal: Principal, input: RecordPaymentInput): Promise<void> {
    const amount = parseYuan(input.amount);
    if (amount === null) {
      // The input pipe has checked the format; this only fails closed if it was bypassed.
      throw new ValidationFailedError([{ field: 'input.amount', message: 'amount must be an amount in yuan with at most two decimals' }]);
    }
    const reference = input.reference?.trim() || null;
    await this.unitOfWork.run(async (work) => {
      const contractsCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      this.cases.refuseWhenCancelled(contractsCase, 'recordPayment', INVOICE_TRANSITIONS.recordPayment.from);
      const actor = actorOf(principal, FEES_ROLES.recordPayment);
      const invoice = await this.invoiceOf(work.manager, contractsCase.caseId);
      if (!invoice) throw new ConflictError(`Case ${contractsCase.caseId} has no business-fee invoice`);
      const decision = decidePayment(invoice, amount);

      const receivedAt = this.time.now();
      const payment = { id: randomUUID(), invoiceId: invoice.id, amount, reference, receivedAt, recordedBy: principal.sub };
      await work.manager.insert(FeePaymentEntity, payment);
      await work.manager.update(
        FeeInvoiceEntity,
        { id: invoice.id },
        { paid: decision.paid, status: decision.next, ...(decision.settles ? { settledAt: receivedAt } : {}) },
      );
      await this.cases.touch(work.manager, contractsCase.caseId);

      await work.publish('contracts.payment.received.v1', {
        ...casePayloadOf(contractsCase, actor, CONTRACTS_NEXT_ACTIONS.paymentReceived(decision.outstanding)),
        invoiceId: invoice.id,
        paymentId: payment.id,
        amount: formatYuan(amount),
      });
      if (decision.settles) {
        const contract = await this.contracts.latest(work.manager, contractsCase.caseId);
        await work.publish('contracts.fees.settled.v1', {
          ...casePayloadOf(contractsCase, actor, CONTRACTS_NEXT_ACTIONS.feesSettled(contract?.status === 'FULLY_SIGNED')),
          invoiceId: invoice.id,
          total: formatYuan(invoice.total),
        });
      }
    });
  }

  /**
   * A later scheme was confirmed before full signature: the fees follow the new
   * terms. An invoice with nothing paid yet is re-priced in place and announced
   * again (settled at once when it comes to zero). One already paid into or settled
   * stays as it is (a settlement is never taken back); when the new terms price
   * differently, the difference is recorded in the audit chain for a contract officer.
   */
  async repriceAfterSchemeChange(
    work: Work,
    contractsCase: ContractsCase,
    terms: FeeTerms & { version: number },
    contractStatus: ContractStatus,
  ): Promise<'repriced' | 'unchanged' | 'review-needed'> {
    const invoice = await this.invoiceOf(work.manager, contractsCase.caseId);
    if (!invoice) return 'unchanged';
    const repriced = computeInvoice(
      contractsCase.category,
      await this.termsWithBusinessType(work.manager, contractsCase, terms),
      this.feesOf(contractsCase, this.time.now()),
    );
    const items = await work.manager.find(FeeInvoiceItemEntity, { where: { invoiceId: invoice.id }, order: { position: 'ASC' } });
    const same =
      repriced.total === invoice.total &&
      repriced.lines.length === items.length &&
      repriced.lines.every(
        (line, i) => line.code === items[i].code && line.amount === items[i].amount && line.quantity === items[i].quantity,
      );
    if (same) return 'unchanged';
    const change = {
      invoiceId: invoice.id,
      schemeVersion: terms.version,
      invoiced: formatYuan(invoice.total),
      repriced: formatYuan(repriced.total),
      paid: formatYuan(invoice.paid),
    };
    if (invoice.status !== 'ISSUED' || invoice.paid !== 0n) {
      await work.audit({
        caseId: contractsCase.caseId,
        actor: CONTRACTS_SYSTEM_ACTOR,
        action: 'contracts.fees.review-needed',
        data: change,
      });
      return 'review-needed';
    }

    const issue = decideIssue(repriced.total);
    const now = this.time.now();
    await work.manager.delete(FeeInvoiceItemEntity, { invoiceId: invoice.id });
    await this.insertLines(work, invoice.id, repriced.lines);
    await work.manager.update(
      FeeInvoiceEntity,
      { id: invoice.id },
      {
        total: repriced.total,
        feePolicyVersion: repriced.policyVersion,
        status: issue.status,
        invoicedAt: now,
        settledAt: issue.settled ? now : null,
      },
    );
    await work.audit({ caseId: contractsCase.caseId, actor: CONTRACTS_SYSTEM_ACTOR, action: 'contracts.fees.repriced', data: change });
    await this.announceIssued(work, contractsCase, invoice.id, repriced.total, issue.settled, contractStatus);
    return 'repriced';
  }

  /**
   * On the customer's withdrawal (inside the caller's unit of work, under the case
   * row lock): cancels an invoice still open and records the refund due, which is
   * everything paid so far (0.00 when nothing was). Recorded once per case.
   */
  async cancelOpen(work: Work, caseId: string, reason: string): Promise<{ closedInvoice: boolean; refundDue: Fen }> {
    const invoice = await this.invoiceOf(work.manager, caseId);
    let closedInvoice = false;
    if (invoice && invoiceStateMachine.allows(invoice.status, 'cancel')) {
      await work.manager.update(
        FeeInvoiceEntity,
        { id: invoice.id },
        { status: invoiceStateMachine.next(invoice.status, 'cancel'), cancelledAt: this.time.now() },
      );
      closedInvoice = true;
    }
    const refundDue = invoice?.paid ?? 0n;
    await work.manager.insert(FeeRefundEntity, {
      caseId,
      invoiceId: invoice?.id ?? null,
      due: refundDue,
      reason,
      recordedAt: this.time.now(),
    });
    return { closedInvoice, refundDue };
  }

  /**
   * The case's fees as the graph shows them, from the invoice row alone, or null when none were
   * invoiced; the items, payments and refund are read when asked (`itemsOf`, `paymentsOf`,
   * `refundViewOf`). Each table is read once per request for every case asked (`principal` names the request).
   */
  async view(caseId: string, principal?: Principal): Promise<FeesParent | null> {
    const invoice = await this.invoiceRowOf(caseId, principal);
    if (!invoice) return null;
    const outstanding = formatYuan(invoice.status === 'CANCELLED' ? 0n : invoice.total - invoice.paid);
    return {
      caseId,
      invoice: {
        id: invoice.id,
        status: invoice.status,
        currency: invoice.currency,
        policyVersion: invoice.feePolicyVersion,
        total: formatYuan(invoice.total),
        paid: formatYuan(invoice.paid),
        outstanding,
        invoicedAt: invoice.invoicedAt,
        settledAt: invoice.settledAt,
        cancelledAt: invoice.cancelledAt,
      },
      invoiceId: invoice.id,
      status: invoice.status,
      currency: invoice.currency,
      policyVersion: invoice.feePolicyVersion,
      total: formatYuan(invoice.total),
      paid: formatYuan(invoice.paid),
      outstanding,
      settled: invoice.status === 'SETTLED',
      invoicedAt: invoice.invoicedAt,
      settledAt: invoice.settledAt,
    };
  }

  /** The case's invoice row, or null; read once per request for every case asked. */
  invoiceRowOf(caseId: string, principal?: Principal): Promise<FeeInvoiceEntity | null> {
    return loadOneBy(principal, this.dataSource.manager, FeeInvoiceEntity, 'caseId', caseId);
  }

  /** The items of an invoice, in order. */
  async itemsOf(invoiceId: string, principal?: Principal): Promise<FeeItem[]> {
    const items = await loadAllBy(principal, this.dataSource.manager, FeeInvoiceItemEntity, 'invoiceId', invoiceId, { position: 'ASC' });
    return items.map((i) => ({
      code: i.code,
      name: i.name,
      description: i.description,
      basis: i.basis,
      quantity: i.quantity,
      unit: i.unit,
      unitPrice: i.unitPrice === null ? null : formatYuan(i.unitPrice),
      amount: formatYuan(i.amount),
    }));
  }

  /** The payments received against an invoice, oldest first. */
  async paymentsOf(invoiceId: string, principal?: Principal): Promise<FeePayment[]> {
    const payments = await loadAllBy(principal, this.dataSource.manager, FeePaymentEntity, 'invoiceId', invoiceId, { receivedAt: 'ASC' });
    return payments.map((p) => ({
      id: p.id,
      amount: formatYuan(p.amount),
      reference: p.reference,
      receivedAt: p.receivedAt,
      recordedBy: p.recordedBy,
    }));
  }

  /** The refund due after the case's withdrawal, or null while the case is live. */
  async refundViewOf(caseId: string, principal?: Principal): Promise<FeeRefund | null> {
    const refund = await loadOneBy(principal, this.dataSource.manager, FeeRefundEntity, 'caseId', caseId);
    return refund ? { due: formatYuan(refund.due), reason: refund.reason, recordedAt: refund.recordedAt } : null;
  }

  private async insertLines(work: Work, invoiceId: string, lines: InvoiceLine[]): Promise<void> {
    if (lines.length === 0) return;
    await work.manager.insert(
      FeeInvoiceItemEntity,
      lines.map((line, index) => ({
        invoiceId,
        position: index + 1,
        code: line.code,
        name: line.name,
        description: line.description,
        basis: line.basis,
        quantity: line.quantity,
        unit: line.unit,
        unitPrice: line.unitPrice,
        amount: line.amount,
      })),
    );
  }

  /** Announces an invoice as issued and, for an invoice of zero, as settled at once. */
  private async announceIssued(
    work: Work,
    contractsCase: ContractsCase,
    invoiceId: string,
    totalFen: Fen,
    settled: boolean,
    contractStatus: ContractStatus,
  ): Promise<void> {
    const total = formatYuan(totalFen);
    await work.publish('contracts.fees.invoiced.v1', {
      ...casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR, CONTRACTS_NEXT_ACTIONS.feesInvoiced(totalFen)),
      invoiceId,
      total,
    });
    if (settled) {
      await work.publish('contracts.fees.settled.v1', {
        ...casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR, CONTRACTS_NEXT_ACTIONS.feesSettled(contractStatus === 'FULLY_SIGNED')),
        invoiceId,
        total,
      });
    }
  }

  /** The refund recorded for a withdrawn case, or null. */
  refundOf(manager: EntityManager, caseId: string): Promise<FeeRefundEntity | null> {
    return manager.findOneBy(FeeRefundEntity, { caseId });
  }

  /**
   * The fee terms with the business type: carried by the confirmed scheme itself, so the fees do
   * not depend on which event arrived first; intake's acceptance, when it has reached contracts,
   * for schemes confirmed without it (kept on the case copy once the case facts reached contracts).
   */
  private async termsWithBusinessType(manager: EntityManager, contractsCase: ContractsCase, terms: FeeTerms): Promise<FeeTerms> {
    const known = terms.businessType ?? contractsCase.businessType;
    const application = known ? null : await manager.findOneBy(ContractsApplication, { caseId: contractsCase.caseId });
    return {
      capacityKva: terms.capacityKva,
      supplySources: terms.supplySources,
      businessType: known ?? application?.businessType ?? null,
    };
  }

  private async invoiceOf(manager: EntityManager, caseId: string): Promise<FeeInvoiceEntity | null> {
    return manager.findOneBy(FeeInvoiceEntity, { caseId });
  }
}
