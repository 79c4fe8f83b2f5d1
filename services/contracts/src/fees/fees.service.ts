import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, ConflictError, Principal, Role, UnitOfWork, ValidationFailedError, Work } from '@yekuo/shared';
import { DataSource, EntityManager } from 'typeorm';
import { ContractService } from '../contract/contract.service';
import { ContractStatus } from '../contract/contract.state-machine';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { CONTRACTS_NEXT_ACTIONS } from '../contracts-case/next-action.policy';
import { computeInvoice, FEE_POLICY, FeeTerms } from './fee-policy';
import { FeeInvoiceEntity, FeeInvoiceItemEntity, FeePaymentEntity } from './fee-invoice.entity';
import { Fees } from './fees.model';
import { RecordPaymentInput } from './fees.inputs';
import { decideIssue, decidePayment } from './invoice.state-machine';
import { formatYuan, parseYuan } from './money';

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
  ) {}

  /**
   * Invoices the case's fees from the policy and announces the invoice; an invoice of
   * zero is settled at once and announced as such (inside the caller's unit of work).
   */
  async invoice(work: Work, contractsCase: ContractsCase, terms: FeeTerms, contractStatus: ContractStatus): Promise<FeeInvoiceEntity> {
    const computed = computeInvoice(contractsCase.category, terms, FEE_POLICY);
    const issue = decideIssue(computed.total);
    const invoicedAt = new Date();
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
    });
    await work.manager.insert(FeeInvoiceEntity, invoice);
    if (computed.lines.length > 0) {
      await work.manager.insert(
        FeeInvoiceItemEntity,
        computed.lines.map((line, index) => ({
          invoiceId: invoice.id,
          position: index + 1,
          code: line.code,
          name: line.name,
          basis: line.basis,
          amount: line.amount,
        })),
      );
    }
    const total = formatYuan(invoice.total);
    await work.publish('contracts.fees.invoiced.v1', {
      ...casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR, CONTRACTS_NEXT_ACTIONS.feesInvoiced(invoice.total)),
      invoiceId: invoice.id,
      total,
    });
    if (issue.settled) {
      await work.publish('contracts.fees.settled.v1', {
        ...casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR, CONTRACTS_NEXT_ACTIONS.feesSettled(contractStatus === 'FULLY_SIGNED')),
        invoiceId: invoice.id,
        total,
      });
    }
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
      const contractsCase = await this.cases.lock(work.manager, principal, input.caseId);
      const actor = actorOf(principal, FEES_ROLES.recordPayment);
      const invoice = await this.invoiceOf(work.manager, contractsCase.caseId);
      if (!invoice) throw new ConflictError(`Case ${contractsCase.caseId} has no business-fee invoice`);
      const decision = decidePayment(invoice, amount);

      const receivedAt = new Date();
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

  /** The case's fees as the graph shows them, or null when none were invoiced. */
  async view(caseId: string): Promise<Fees | null> {
    const manager = this.dataSource.manager;
    const invoice = await this.invoiceOf(manager, caseId);
    if (!invoice) return null;
    const [items, payments] = await Promise.all([
      manager.find(FeeInvoiceItemEntity, { where: { invoiceId: invoice.id }, order: { position: 'ASC' } }),
      manager.find(FeePaymentEntity, { where: { invoiceId: invoice.id }, order: { receivedAt: 'ASC' } }),
    ]);
    return {
      invoiceId: invoice.id,
      status: invoice.status,
      currency: invoice.currency,
      policyVersion: invoice.feePolicyVersion,
      items: items.map((i) => ({ code: i.code, name: i.name, basis: i.basis, amount: formatYuan(i.amount) })),
      total: formatYuan(invoice.total),
      paid: formatYuan(invoice.paid),
      outstanding: formatYuan(invoice.total - invoice.paid),
      settled: invoice.status === 'SETTLED',
      invoicedAt: invoice.invoicedAt,
      settledAt: invoice.settledAt,
      payments: payments.map((p) => ({
        id: p.id,
        amount: formatYuan(p.amount),
        reference: p.reference,
        receivedAt: p.receivedAt,
        recordedBy: p.recordedBy,
      })),
    };
  }

  private async invoiceOf(manager: EntityManager, caseId: string): Promise<FeeInvoiceEntity | null> {
    return manager.findOneBy(FeeInvoiceEntity, { caseId });
  }
}
