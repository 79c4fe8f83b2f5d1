import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CaseCopy, CasePayload, CUSTOMER_CATEGORIES, CustomerCategory, ProcessVariantName, Role } from '@yekuo/events';
import {
  actorOf,
  encodeCursor,
  forgetLoaded,
  loadOneBy,
  hasRole,
  InvalidTransitionError,
  isInstantText,
  isUuid,
  mayActFor,
  NotFoundError,
  pageArgs,
  Principal,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  ValidationFailedError,
  Work,
} from '@yekuo/platform';
import { teamFor } from '@yekuo/policy';
import { ClockService, OwnLimits, StageClock, TimeLimitPolicy } from '@yekuo/timelimits';
import { Customer } from '../customer/customer.entity';
import { CustomerService, notActingFor } from '../customer/customer.service';
import { DocumentService } from '../document/document.service';
import { PiiCipher } from '../pii/pii-cipher';
import { END_TO_END_CLOCK, endToEndLimits } from '../journey/end-to-end-clock';
import type { CaseCountDimension } from '../enums';
import { ApplicationAction, applicationStateMachine } from './application-state';
import { ConnectionCase, ReturnItem } from './case.entity';
import { CASE_STAGES, CaseStage } from './case-stage';
import { caseFieldsOf, payloadOfCase } from './case-payload';
import { nextCaseNumber } from './case-number';
import { deriveCategory } from './category';
import { CaseConnection, CaseFilter } from './dtos/case-connection';
import { CaseCount } from './dtos/case-count.model';
import { OverrideCategoryInput } from './dtos/override-category.input';
import { ReturnApplicationInput } from './dtos/return-application.input';
import { SubmitApplicationInput } from './dtos/submit-application.input';

interface Position {
  at: string;
  id: string;
}

/** A case list's keyset position: the submitted time (microseconds, as PostgreSQL prints it) and the id, as `[at, id]`. */
const parsePosition = (value: unknown): Position | undefined =>
  Array.isArray(value) && value.length === 2 && isInstantText(value[0]) && isUuid(value[1]) ? { at: value[0], id: value[1] } : undefined;

const cursorOf = (position: Position) => encodeCursor([position.at, position.id]);

/** The column each dimension of a count groups by, and the order its values are declared in (the order counts are listed in). */
const COUNTED_BY: Record<CaseCountDimension, { column: 'stage' | 'category'; order: readonly string[] }> = {
  STAGE: { column: 'stage', order: CASE_STAGES },
  CATEGORY: { column: 'category', order: CUSTOMER_CATEGORIES },
};

/** The work intake holds open on a case in each status, named on withdrawal. */
const OPEN_WORK: Partial<Record<ConnectionCase['status'], string[]>> = {
  SUBMITTED: ['acceptance review'],
  RETURNED: ['awaiting resubmission after the one notice'],
};

/** The clock of accepting a complete application (DOMAIN.md, time limits). */
export const ACCEPTANCE_CLOCK = 'ACCEPTANCE' as const;

/** Why the acceptance clock pauses while the application is returned. */
const RETURNED_PAUSE = 'The application was returned with the one notice: waiting for the customer to supply every item and resubmit';

/** Application acceptance at the front desk: submit, return with one notice, resubmit, accept, withdraw. */
@Injectable()
export class CaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly customers: CustomerService,
    private readonly documents: DocumentService,
    private readonly cipher: PiiCipher,
    private readonly policy: TimeLimitPolicy,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** The acceptance clock of a case as it stands now; null when its policy sets no limit for the step. */
  acceptanceClock(caseId: string): Promise<StageClock | null> {
    return this.clocks.view(caseId, ACCEPTANCE_CLOCK);
  }

  async submit(principal: Principal, input: SubmitApplicationInput): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk', 'agent', 'customer']).role;
    const problems = [];
    if (role === 'agent' && !input.authorizationDocumentId) {
      problems.push({ field: 'input.authorizationDocumentId', message: 'an agent must give the authorization document' });
    }
    if (input.categoryOverride && role !== 'intake-clerk') {
      problems.push({ field: 'input.categoryOverride', message: 'only a clerk may override the category' });
    }
    if (problems.length) throw new ValidationFailedError(problems);
    return this.unitOfWork.run(async (work) => {
      const customer = await this.applicant(work.manager, principal, role, input);
      const now = this.time.now();
      const derivedCategory = deriveCategory(input.voltageLevel, input.usage, input.supplySources);
      const override = input.categoryOverride
        ? {
            derivedCategory,
            category: input.categoryOverride.category,
            reason: input.categoryOverride.reason,
            overriddenBy: principal.sub,
            overriddenAt: now,
          }
        : null;
      const created = work.manager.create(ConnectionCase, {
        number: await nextCaseNumber(work.manager, now),
        customerId: customer.id,
        category: override?.category ?? derivedCategory,
        businessType: input.businessType,
        status: 'SUBMITTED',
        policyVersion: this.policy.versionInForce(now),
        application: {
          siteAddress: input.siteAddress,
          regionCode: input.regionCode,
          usage: input.usage,
          voltageLevel: input.voltageLevel,
          capacityKva: input.capacityKva,
          supplySources: input.supplySources,
          wantedDate: input.wantedDate ?? null,
          loads: (input.loads ?? []).map(({ name, kw, quantity }) => ({ name, kw, quantity })),
          agent: role === 'agent' ? { agentId: principal.sub, authorizationDocumentId: input.authorizationDocumentId ?? '' } : null,
          derivedCategory,
          categoryOverride: override,
        },
        returnNotice: null,
        returnNotices: [],
        stage: 'APPLICATION',
        regionCode: input.regionCode,
        customerNameIndex: customer.nameIndex,
        idNumberIndex: customer.idNumberIndex,
        withdrawal: null,
        withdrawnAt: null,
        energizedAt: null,
        archivedAt: null,
        submissionRound: 1,
        acceptedAt: null,
        processVariant: null,
      });
      const saved = await work.manager.save(created);
      if (override) await this.auditOverride(work, saved, principal, role, override);
      await work.publish('intake.application.submitted.v1', {
        ...this.payload(saved, principal, role),
        nextAction: this.frontDesk(saved, 'Check the application is complete and valid'),
        businessType: saved.businessType,
        capacityKva: saved.application.capacityKva,
        voltageLevel: saved.application.voltageLevel,
        regionCode: saved.application.regionCode,
      });
      // Accepting the application is timed from its submission (DOMAIN.md, time limits).
      await this.clocks.start(work, {
        caseCopy: this.copyOf(saved),
        stage: ACCEPTANCE_CLOCK,
        startedAt: now,
        team: this.frontDesk(saved, '').team,
        actor: { id: principal.sub, role },
        ownLimits: this.acceptanceLimits(saved),
      });
      return saved;
    });
  }

  /** A clerk sets the category by hand while the front desk has the application; recorded and audited. */
  async overrideCategory(principal: Principal, input: OverrideCategoryInput): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk']).role;
    return this.transition(principal, input.caseId, 'overrideCategory', async (found, work) => {
      const override = {
        derivedCategory: found.application.derivedCategory ?? found.category,
        category: input.category,
        reason: input.reason,
        overriddenBy: principal.sub,
        overriddenAt: this.time.now(),
      };
      found.category = input.category;
      found.application = { ...found.application, categoryOverride: override };
      await work.manager.save(found);
      await this.auditOverride(work, found, principal, role, override);
    });
  }

  async accept(principal: Principal, caseId: string): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk']).role;
    return this.transition(principal, caseId, 'acceptApplication', async (found, work) => {
      const { manager, publish } = work;
      const missing = await this.documents.completeness(found, manager);
      if (missing.length) {
        throw new ValidationFailedError(
          missing.map((m) => ({ field: m.slot ? `documents.${m.slot}` : (m.field ?? m.item), message: `${m.item} ${m.reason}` })),
        );
      }
      found.acceptedAt = this.time.now();
      // The case is timed by the policy in force when it is accepted, from here on.
      found.policyVersion = this.policy.versionInForce(found.acceptedAt);
      // And walks the variant that policy names for its category, if the terms applied for qualify.
      const processVariant = this.processVariantOf(found);
      found.processVariant = processVariant;
      await manager.save(found);
      // The whole case is timed from here to power-on, without external works until a scheme says they are needed.
      const endToEndCopy = { ...this.copyOf(found), regionCode: found.application.regionCode };
      await this.clocks.start(work, {
        caseCopy: endToEndCopy,
        stage: END_TO_END_CLOCK,
        startedAt: found.acceptedAt,
        actor: { id: principal.sub, role },
        ownLimits: endToEndLimits(this.policy, found.policyVersion, endToEndCopy.regionCode, found.category, false).limits,
      });
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
        processVariant,
      });
      await this.clocks.stop(work, { caseId: found.id, stage: ACCEPTANCE_CLOCK, at: found.acceptedAt, actor: { id: principal.sub, role } });
    });
  }

  /** What is still missing or invalid, all at once (the content of the next one notice). */
  async completeness(principal: Principal, caseId: string): Promise<ReturnItem[]> {
    const found = await this.findVisible(principal, caseId);
    return this.documents.completeness(found);
  }

  async return(principal: Principal, input: ReturnApplicationInput): Promise<ConnectionCase> {
    const role = actorOf(principal, ['intake-clerk']).role;
    return this.transition(principal, input.caseId, 'returnApplication', async (found, work) => {
      const { manager, publish } = work;
      const items: ReturnItem[] = [
        ...(await this.documents.completeness(found, manager)),
        ...(input.items ?? []).map(({ item, reason }) => ({ item, reason, slot: null, field: null })),
      ];
      if (items.length === 0) {
        throw new ValidationFailedError([
          { field: 'input.items', message: 'nothing is missing or invalid; name what the customer must supply, or accept' },
        ]);
      }
      const notice = {
        items,
        comment: input.comment ?? null,
        returnedAt: this.time.now(),
        returnedBy: principal.sub,
        round: found.submissionRound,
        resubmittedAt: null,
      };
      found.returnNotice = notice;
      found.returnNotices = [...(found.returnNotices ?? []), notice];
      await manager.save(found);
      // Until the customer resubmits, the acceptance waits on them: their time, not the utility's.
      await this.clocks.pause(work, {
        caseId: found.id,
        stage: ACCEPTANCE_CLOCK,
        at: notice.returnedAt,
        by: { id: principal.sub, role },
        reason: RETURNED_PAUSE,
      });
      await publish('intake.application.returned.v1', {
        ...this.payload(found, principal, role),
        nextAction: { role: 'customer', description: 'Supply every item in the notice and resubmit' },
        items: items.map(({ item, reason }) => ({ item, reason })),
        // No comment (null or absent) is no field: the event's comment is an optional string.
        ...(input.comment ? { comment: input.comment } : {}),
      });
    });
  }

  async resubmit(principal: Principal, caseId: string): Promise<ConnectionCase> {
    const role = actorOf(principal, ['customer', 'agent', 'intake-clerk']).role;
    return this.transition(principal, caseId, 'resubmitApplication', async (found, work) => {
      const { manager, publish } = work;
      const now = this.time.now();
      found.submissionRound += 1;
      if (found.returnNotice) found.returnNotice = { ...found.returnNotice, resubmittedAt: now };
      found.returnNotices = (found.returnNotices ?? []).map((n, i, all) => (i === all.length - 1 ? { ...n, resubmittedAt: now } : n));
      await manager.save(found);
      await this.clocks.resume(work, { caseId: found.id, stage: ACCEPTANCE_CLOCK, at: now, by: { id: principal.sub, role } });
      await publish('intake.application.resubmitted.v1', {
        ...this.payload(found, principal, role),
        nextAction: this.frontDesk(found, 'Check the resubmitted application against the notice'),
      });
    });
  }

  /** The customer (or their agent) withdraws before energization; intake closes its open work. */
  async withdraw(principal: Principal, caseId: string, reason: string): Promise<ConnectionCase> {
    const role = actorOf(principal, ['customer', 'agent']).role;
    return this.unitOfWork.run(async (work) => {
      const found = await this.lockVisible(work.manager, principal, caseId);
      if (found.energizedAt) {
        throw new InvalidTransitionError('withdrawApplication', 'ENERGIZED', ['SUBMITTED', 'RETURNED', 'ACCEPTED']);
      }
      const closedWork = OPEN_WORK[found.status] ?? [];
      found.status = applicationStateMachine.next(found.status, 'withdrawApplication');
      const now = this.time.now();
      found.withdrawal = { reason, withdrawnBy: principal.sub, role, withdrawnAt: now, closedWork };
      found.withdrawnAt = now;
      found.stage = 'WITHDRAWN';
      await work.manager.save(found);
      // A withdrawn application is neither accepted on time nor late: its acceptance clock ends CANCELLED.
      await this.clocks.cancelCase(work, found.id, now, { id: principal.sub, role });
      await work.publish('intake.application.withdrawn.v1', { ...this.payload(found, principal, role), reason });
      return found;
    });
  }

  /** Records metering's energization (and archive) facts; from then on the application cannot be withdrawn. */
  async recordMeteringFact(work: Work, caseId: string, fact: 'energized' | 'archived', at: Date, actor: Actor): Promise<boolean> {
    const found = await work.manager.findOne(ConnectionCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    if (!found) return false;
    found.energizedAt ??= at; // archived implies energized
    if (fact === 'archived') found.archivedAt = found.archivedAt ?? at;
    await work.manager.save(found);
    await work.audit({
      caseId,
      actor,
      action: `intake.fact.${fact}`,
      data: { at: at.toISOString() },
    });
    return true;
  }

  /** A case the principal may see; NOT_FOUND otherwise, so existence is not leaked. */
  async findVisible(principal: Principal, id: string): Promise<ConnectionCase> {
    const found = await this.load(principal, id);
    if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', id);
    return found;
  }

  /** The case row, read once per request however many fields and references ask (an id that is no UUID is null without a query). */
  private load(principal: Principal | undefined, id: string): Promise<ConnectionCase | null> {
    return isUUID(id) ? loadOneBy(principal, this.dataSource.manager, ConnectionCase, 'id', id) : Promise.resolve(null);
  }

  async findVisibleByNumber(principal: Principal, number: string): Promise<ConnectionCase> {
    const found = await this.dataSource.manager.findOne(ConnectionCase, { where: { number } });
    if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', number);
    return found;
  }

  /** Reference resolution for other subgraphs: null when the caller may not see the case. */
  async findForReference(principal: Principal | undefined, id: string): Promise<ConnectionCase | null> {
    if (!principal) return null;
    const found = await this.load(principal, id);
    return found && principal && mayActFor(principal, found.customerId) ? found : null;
  }

  /** The customer a case is for; read once per request for every case asked (a page of cases reads the table once). */
  customer(id: string, principal?: Principal): Promise<Customer | null> {
    return loadOneBy(principal, this.dataSource.manager, Customer, 'id', id);
  }

  /** Staff search: every filter is an index range scan in (submitted_at DESC, id DESC) order, then LIMIT. */
  list(filter: CaseFilter | undefined, first: number, after: string | undefined): Promise<CaseConnection> {
    const { where, params } = this.conditionsOf(filter);
    return this.page(where, params, first, after);
  }

  /** Staff counts: the cases the search would list under `filter`, counted per value of each dimension in one GROUP BY. */
  async counts(filter: CaseFilter | undefined, groupBy: CaseCountDimension[]): Promise<CaseCount[]> {
    if (groupBy.length === 0 || new Set(groupBy).size !== groupBy.length) {
      throw new ValidationFailedError([{ field: 'groupBy', message: 'must name at least one dimension, each at most once' }]);
    }
    const { where, params } = this.conditionsOf(filter);
    const columns = groupBy.map((dimension) => COUNTED_BY[dimension].column).join(', ');
    const rows = await this.dataSource.query<{ stage?: CaseStage; category?: CustomerCategory; count: number }[]>(
      `SELECT ${columns}, count(*)::int AS count FROM connection_case
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY ${columns}`,
      params,
    );
    const counts = rows.map(({ stage, category, count }) => ({ stage: stage ?? null, category: category ?? null, count }));
    const rank = (row: CaseCount, dimension: CaseCountDimension) => {
      const { column, order } = COUNTED_BY[dimension];
      return order.indexOf(row[column] ?? '');
    };
    return counts.sort((a, b) => groupBy.reduce((order, d) => order || rank(a, d) - rank(b, d), 0));
  }

  /** The SQL conditions of a staff search's filter, with their parameters numbered from $1. */
  private conditionsOf(filter: CaseFilter | undefined): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.number) add('number = ?', filter.number);
    if (filter?.status) add('status = ?', filter.status);
    if (filter?.category) add('category = ?', filter.category);
    if (filter?.stage) add('stage = ?', filter.stage);
    if (filter?.regionCode) add('region_code = ?', filter.regionCode);
    if (filter?.customerName) add('customer_name_index = ?', this.cipher.nameIndex(filter.customerName));
    if (filter?.idNumber) add('id_number_index = ?', this.cipher.idNumberIndex(filter.idNumber));
    if (filter?.submittedFrom) add('submitted_at >= ?', filter.submittedFrom);
    if (filter?.submittedBefore) add('submitted_at < ?', filter.submittedBefore);
    return { where, params };
  }

  /** The cases of the customer, or of every customer an agent acts for. */
  mine(principal: Principal, first: number, after: string | undefined): Promise<CaseConnection> {
    // The same rule as mayActFor: a customer's own cases, an agent's the customers it acts for.
    const customerIds = [
      ...(hasRole(principal, 'customer') ? [principal.sub] : []),
      ...(hasRole(principal, 'agent') ? principal.actsFor : []),
    ];
    return this.page(['customer_id = ANY($1::uuid[])'], [customerIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id))], first, after);
  }

  private async page(where: string[], params: unknown[], first: number, after: string | undefined): Promise<CaseConnection> {
    const { after: position } = pageArgs(first, after, parsePosition);
    const conditions = [...where];
    const values = [...params];
    if (position) {
      values.push(position.at, position.id);
      conditions.push(`(submitted_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    }
    values.push(first + 1);
    const rows = await this.dataSource.query<{ id: string; at: string }[]>(
      `SELECT id, submitted_at::text AS at FROM connection_case
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY submitted_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    const page = rows.slice(0, first);
    const found = page.length ? await this.dataSource.manager.find(ConnectionCase, { where: page.map(({ id }) => ({ id })) }) : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    const edges = page.flatMap((row) => {
      const node = byId.get(row.id);
      return node ? [{ node, cursor: cursorOf(row) }] : [];
    });
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursorOf(page[page.length - 1]) : null } };
  }

  /** Locks the case, checks the principal may act on it and the transition is allowed, then applies `change`. */
  private transition(
    principal: Principal,
    caseId: string,
    action: ApplicationAction,
    change: (found: ConnectionCase, work: Work) => Promise<void>,
  ): Promise<ConnectionCase> {
    return this.unitOfWork.run(async (work) => {
      const found = await this.lockVisible(work.manager, principal, caseId);
      const next = applicationStateMachine.next(found.status, action);
      if (action !== 'overrideCategory') found.status = next;
      await change(found, work);
      return found;
    });
  }

  private async lockVisible(manager: EntityManager, principal: Principal, caseId: string): Promise<ConnectionCase> {
    // What the request read before the change is stale after it.
    forgetLoaded(principal);
    const found = await manager.findOne(ConnectionCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', caseId);
    return found;
  }

  private async auditOverride(
    work: Work,
    found: ConnectionCase,
    principal: Principal,
    role: Role,
    override: { derivedCategory: CustomerCategory; category: CustomerCategory; reason: string },
  ): Promise<void> {
    await work.audit({
      caseId: found.id,
      actor: { id: principal.sub, role },
      action: 'intake.category.overridden',
      data: { derivedCategory: override.derivedCategory, category: override.category, reason: override.reason },
    });
  }

  private payload(found: ConnectionCase, principal: Principal, role: Role): CasePayload {
    return payloadOfCase(found, { id: principal.sub, role });
  }

  private copyOf(found: ConnectionCase): CaseCopy {
    return caseFieldsOf(found);
  }

  /**
   * The acceptance limit of the case's jurisdiction where the policy states one (Shanghai: one
   * calendar day), in the figure's own unit, the internal target never longer than it; undefined (the
   * per-step entry, Yekuo's internal target in working days) where none is known, and for a category
   * the per-step table does not time.
   */
  private acceptanceLimits(found: ConnectionCase): OwnLimits | undefined {
    const step = this.policy.limitsFor(found.policyVersion, ACCEPTANCE_CLOCK, found.category);
    const figure = this.policy.acceptanceLimit(this.policy.pinOf(found.policyVersion, found.application.regionCode));
    if (!step || !figure) return undefined;
    const limitDays = Math.max(1, Math.ceil(figure.days));
    return { limitDays, targetDays: Math.min(step.targetDays, limitDays), dayUnit: figure.unit };
  }

  /** The variant the case walks from acceptance: the one its pinned policy names for its category, with the terms applied for. */
  private processVariantOf(found: ConnectionCase): ProcessVariantName {
    const { voltageLevel, capacityKva, supplySources, regionCode } = found.application;
    return this.policy.processVariantFor(this.policy.pinOf(found.policyVersion, regionCode), found.category, {
      voltageLevel,
      capacityKva,
      supplySources,
    });
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
        return this.customers.findOrCreate(manager, input.customer);
      case 'agent': {
        if (!input.customerId) throw new ValidationFailedError([{ field: 'input.customerId', message: 'an agent must name the customer' }]);
        if (!mayActFor(principal, input.customerId)) throw notActingFor();
        const customer = await this.customers.findById(manager, input.customerId);
        if (!customer) throw new NotFoundError('Customer', input.customerId);
        return customer;
      }
      default: {
        const existing = await this.customers.findById(manager, principal.sub);
        if (existing) return existing;
        if (!input.customer) {
          throw new ValidationFailedError([{ field: 'input.customer', message: 'a first application must give your identity document' }]);
        }
        return this.customers.findOrCreate(manager, input.customer, principal.sub);
      }
    }
  }
}
