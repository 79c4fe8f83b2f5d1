import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  actorOf,
  CasePayload,
  CURRENT_POLICY_VERSION,
  ForbiddenError,
  hasRole,
  mayActFor,
  NotFoundError,
  Principal,
  Role,
  teamFor,
  UnitOfWork,
  ValidationFailedError,
  Work,
} from '@yekuo/shared';
import { Customer } from '../customer/customer.entity';
import { ApplicationAction, applicationStateMachine } from './application-state';
import { ConnectionCase } from './case.entity';
import { nextCaseNumber } from './case-number';
import { deriveCategory } from './category';
import { CaseConnection, CaseFilter } from './dtos/case-connection';
import { ReturnApplicationInput } from './dtos/return-application.input';
import { SubmitApplicationInput, WalkInCustomerInput } from './dtos/submit-application.input';

const MAX_PAGE = 100;

const encodeCursor = (number: string) => Buffer.from(number, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** Application acceptance at the front desk: submit, return with one notice, resubmit, accept. */
@Injectable()
export class CaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async submit(principal: Principal, input: SubmitApplicationInput): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk', 'agent', 'customer']).role;
    return this.unitOfWork.run(async (work) => {
      const customer = await this.applicant(work.manager, principal, role, input);
      const now = new Date();
      const category = deriveCategory(input.voltageLevel, input.usage, input.supplySources);
      const created = work.manager.create(ConnectionCase, {
        number: await nextCaseNumber(work.manager, now),
        customerId: customer.id,
        category,
        businessType: input.businessType,
        status: 'SUBMITTED',
        policyVersion: CURRENT_POLICY_VERSION,
        application: {
          siteAddress: input.siteAddress,
          regionCode: input.regionCode,
          usage: input.usage,
          voltageLevel: input.voltageLevel,
          capacityKva: input.capacityKva,
          supplySources: input.supplySources,
          wantedDate: input.wantedDate ?? null,
        },
        returnNotice: null,
        submissionRound: 1,
        acceptedAt: null,
      });
      const saved = await work.manager.save(created);
      await work.publish('intake.application.submitted.v1', {
        ...this.payload(saved, principal, role),
        nextAction: this.frontDesk(saved, 'Check the application is complete and valid'),
        businessType: saved.businessType,
        capacityKva: saved.application.capacityKva,
        voltageLevel: saved.application.voltageLevel,
        regionCode: saved.application.regionCode,
      });
      return saved;
    });
  }

  async accept(principal: Principal, caseId: string): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk']).role;
    return this.transition(principal, caseId, 'acceptApplication', async (found, { manager, publish }) => {
      found.acceptedAt = new Date();
      await manager.save(found);
      const region = found.application.regionCode;
      await publish('intake.application.accepted.v1', {
        ...this.payload(found, principal, role),
        nextAction: { role: 'surveyor', team: teamFor('surveyor', region)?.id, description: 'Schedule the site survey' },
        businessType: found.businessType,
        capacityKva: found.application.capacityKva,
        voltageLevel: found.application.voltageLevel,
        supplySources: found.application.supplySources,
        regionCode: region,
        acceptedAt: found.acceptedAt.toISOString(),
      });
    });
  }

  async return(principal: Principal, input: ReturnApplicationInput): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk']).role;
    return this.transition(principal, input.caseId, 'returnApplication', async (found, { manager, publish }) => {
      found.returnNotice = {
        items: input.items.map(({ item, reason }) => ({ item, reason })),
        comment: input.comment ?? null,
        returnedAt: new Date(),
        returnedBy: principal.sub,
      };
      await manager.save(found);
      await publish('intake.application.returned.v1', {
        ...this.payload(found, principal, role),
        nextAction: { role: 'customer', description: 'Supply every item in the notice and resubmit' },
        items: found.returnNotice.items,
        comment: input.comment,
      });
    });
  }

  async resubmit(principal: Principal, caseId: string): Promise<ConnectionCase> {
    const role = actorOf(principal, ['customer', 'agent', 'intake-clerk']).role;
    return this.transition(principal, caseId, 'resubmitApplication', async (found, { manager, publish }) => {
      found.submissionRound += 1;
      await manager.save(found);
      await publish('intake.application.resubmitted.v1', {
        ...this.payload(found, principal, role),
        nextAction: this.frontDesk(found, 'Check the resubmitted application against the notice'),
      });
    });
  }

  /** A case the principal may see; NOT_FOUND otherwise, so existence is not leaked. */
  async findVisible(principal: Principal, id: string): Promise<ConnectionCase> {
    const found = await this.dataSource.manager.findOne(ConnectionCase, { where: { id } });
    if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', id);
    return found;
  }

  async findVisibleByNumber(principal: Principal, number: string): Promise<ConnectionCase> {
    const found = await this.dataSource.manager.findOne(ConnectionCase, { where: { number } });
    if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', number);
    return found;
  }

  /** Reference resolution for other subgraphs: null when the caller may not see the case. */
  async findForReference(principal: Principal | undefined, id: string): Promise<ConnectionCase | null> {
    const found = await this.dataSource.manager.findOne(ConnectionCase, { where: { id } });
    return found && principal && mayActFor(principal, found.customerId) ? found : null;
  }

  customer(id: string): Promise<Customer | null> {
    return this.dataSource.manager.findOne(Customer, { where: { id } });
  }

  list(filter: CaseFilter | undefined, first: number, after: string | undefined): Promise<CaseConnection> {
    return this.page({ ...filter }, first, after);
  }

  /** The cases of the customer, or of every customer an agent acts for. */
  mine(principal: Principal, first: number, after: string | undefined): Promise<CaseConnection> {
    const customerIds = hasRole(principal, 'customer') ? [principal.sub, ...principal.actsFor] : principal.actsFor;
    return this.page({ customerIds }, first, after);
  }

  private async page(where: CaseFilter & { customerIds?: string[] }, first: number, after: string | undefined): Promise<CaseConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw new ValidationFailedError([{ field: 'first', message: `must be an integer from 1 to ${MAX_PAGE}` }]);
    }
    const query = this.dataSource.manager
      .createQueryBuilder(ConnectionCase, 'c')
      .orderBy('c.number', 'ASC')
      .take(first + 1);
    if (where.status) query.andWhere('c.status = :status', { status: where.status });
    if (where.category) query.andWhere('c.category = :category', { category: where.category });
    if (where.customerIds) query.andWhere('c.customer_id = ANY(:ids)', { ids: where.customerIds });
    if (after) query.andWhere('c.number > :after', { after: decodeCursor(after) });
    const rows = await query.getMany();
    const nodes = rows.slice(0, first);
    return {
      edges: nodes.map((node) => ({ node, cursor: encodeCursor(node.number) })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1].number) : null },
    };
  }

  /** Locks the case, checks the principal may act on it and the transition is allowed, then applies `change`. */
  private transition(
    principal: Principal,
    caseId: string,
    action: ApplicationAction,
    change: (found: ConnectionCase, work: Work) => Promise<void>,
  ): Promise<ConnectionCase> {
    return this.unitOfWork.run(async (work) => {
      const found = await work.manager.findOne(ConnectionCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
      if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', caseId);
      found.status = applicationStateMachine.next(found.status, action);
      await change(found, work);
      return found;
    });
  }

  private payload(found: ConnectionCase, principal: Principal, role: Role): CasePayload {
    return {
      caseId: found.id,
      caseNumber: found.number,
      customerId: found.customerId,
      category: found.category,
      policyVersion: found.policyVersion,
      actor: { id: principal.sub, role },
    };
  }

  private frontDesk(found: ConnectionCase, description: string) {
    return { role: 'intake-clerk' as const, team: teamFor('intake-clerk', found.application.regionCode)?.id, description };
  }

  /** The customer the application is for, by who is submitting it. */
  private async applicant(manager: EntityManager, principal: Principal, role: Role, input: SubmitApplicationInput): Promise<Customer> {
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- clerks and agents name the customer; every other role applies for itself.
    switch (role) {
      case 'intake-clerk':
        if (!input.customer)
          throw new ValidationFailedError([{ field: 'input.customer', message: 'a clerk must name the walk-in customer' }]);
        return this.findOrCreateCustomer(manager, input.customer);
      case 'agent': {
        if (!input.customerId) throw new ValidationFailedError([{ field: 'input.customerId', message: 'an agent must name the customer' }]);
        if (!mayActFor(principal, input.customerId)) throw new ForbiddenError('Your authorization does not cover this customer');
        const customer = await manager.findOne(Customer, { where: { id: input.customerId } });
        if (!customer) throw new NotFoundError('Customer', input.customerId);
        return customer;
      }
      default: {
        const existing = await manager.findOne(Customer, { where: { id: principal.sub } });
        if (existing) return existing;
        if (!input.customer) {
          throw new ValidationFailedError([{ field: 'input.customer', message: 'a first application must give your identity document' }]);
        }
        return this.findOrCreateCustomer(manager, input.customer, principal.sub);
      }
    }
  }

  private async findOrCreateCustomer(manager: EntityManager, identity: WalkInCustomerInput, id?: string): Promise<Customer> {
    await manager.query(
      `INSERT INTO customer (id, name, id_type, id_number, phone) VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT customer_identity DO NOTHING`,
      [id ?? null, identity.name, identity.idType, identity.idNumber, identity.phone ?? null],
    );
    const customer = await manager.findOneOrFail(Customer, { where: { idType: identity.idType, idNumber: identity.idNumber } });
    if (id && customer.id !== id) throw new ForbiddenError('This identity document belongs to another customer account');
    return customer;
  }
}
