import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  actorOf,
  ConflictError,
  DomainError,
  ErrorCode,
  NotFoundError,
  pageArgs,
  Principal,
  TIME_SOURCE,
  TimeSource,
  toPage,
  UnitOfWork,
  ValidationFailedError,
} from '@yekuo/platform';
import { casePayloadOf } from '@yekuo/events';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { isUniqueViolation } from '../database-errors';
import { isOpen, MeteringCase, OpenMeteringCase } from '../metering-case/metering-case.entity';
import { MeteringCaseService } from '../metering-case/metering-case.service';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { meteringNextActions } from '../metering-case/next-action.policy';
import { MeterAssignment } from './meter-assignment.entity';
import { meterFitBreaches } from './meter-fit.policy';
import { meterViewOf } from './meter-view';
import { Meter } from './meter.entity';
import { AssignMeterInput, MeterFilter, RegisterMeterInput, RetireMeterInput } from './meter.inputs';
import { MeterConnection, MeterView } from './meter.model';

/** A meter list's keyset position: the meter number. */
const parseMeterNumber = (value: unknown) =>
  typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(value) ? value : undefined;

/**
 * The meter inventory and the assignment of a meter from stock to a case. A meter
 * serves one case at a time: the meter row is locked for the assignment and a partial
 * unique index on the active assignment decides any race that gets past the lock.
 */
@Injectable()
export class MeterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async register(principal: Principal, input: RegisterMeterInput): Promise<MeterView> {
    const meterNumber = input.number.trim();
    return this.unitOfWork.run(async (work) => {
      const actor = actorOf(principal, METERING_ROLES.registerMeter);
      if (await work.manager.existsBy(Meter, { meterNumber })) throw this.alreadyRegistered(meterNumber);
      const meter = work.manager.create(Meter, {
        id: randomUUID(),
        meterNumber,
        meterType: input.type,
        accuracyClass: input.accuracyClass,
        ctRatio: input.ctRatio ?? null,
        ptRatio: input.ptRatio ?? null,
        status: 'IN_STOCK',
        registeredBy: principal.sub,
        registeredAt: this.time.now(),
        retiredAt: null,
        retiredBy: null,
        retireReason: null,
      });
      try {
        await work.manager.insert(Meter, meter);
      } catch (error) {
        if (isUniqueViolation(error, 'meter_number_unique')) throw this.alreadyRegistered(meterNumber);
        throw error;
      }
      // Inventory changes are chained per meter (its id keys the chain), apart from any case.
      await work.audit({
        caseId: meter.id,
        actor,
        action: 'metering.meter.registered',
        data: {
          meterNumber,
          meterType: meter.meterType,
          accuracyClass: meter.accuracyClass,
          ctRatio: meter.ctRatio,
          ptRatio: meter.ptRatio,
        },
      });
      return meterViewOf(meter, null);
    });
  }

  /** Only a meter in stock can be retired: an assigned or installed one serves a case. */
  async retire(principal: Principal, input: RetireMeterInput): Promise<MeterView> {
    return this.unitOfWork.run(async (work) => {
      const actor = actorOf(principal, METERING_ROLES.retireMeter);
      const meter = await work.manager.findOne(Meter, { where: { id: input.meterId }, lock: { mode: 'pessimistic_write' } });
      if (!meter) throw new NotFoundError('Meter', input.meterId);
      if (meter.status !== 'IN_STOCK') {
        throw new DomainError(`Meter ${meter.meterNumber} is ${meter.status}; only a meter in stock can be retired`, {
          code: ErrorCode.INVALID_TRANSITION,
          currentState: meter.status,
          requires: ['IN_STOCK'],
        });
      }
      const changes = {
        status: 'RETIRED' as const,
        retiredAt: this.time.now(),
        retiredBy: principal.sub,
        retireReason: input.reason.trim(),
      };
      await work.manager.update(Meter, { id: meter.id }, changes);
      Object.assign(meter, changes);
      await work.audit({
        caseId: meter.id,
        actor,
        action: 'metering.meter.retired',
        data: { meterNumber: meter.meterNumber, reason: changes.retireReason },
      });
      return meterViewOf(meter, null);
    });
  }

  async list(filter: MeterFilter | undefined, first: number, after: string | undefined): Promise<MeterConnection> {
    // Validated here (not by the input pipe, which names every argument `input`) so each fault is named by its argument.
    const faults = filter
      ? (await validate(plainToInstance(MeterFilter, filter))).flatMap((e) =>
          Object.values(e.constraints ?? {}).map((message) => ({ field: `filter.${e.property}`, message })),
        )
      : [];
    let page: { first: number; after?: string } = { first };
    try {
      page = pageArgs(first, after, parseMeterNumber);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      faults.push(...(error.extensions.fields ?? []));
    }
    if (faults.length > 0) throw new ValidationFailedError(faults);
    const query = this.dataSource.manager
      .createQueryBuilder(Meter, 'm')
      .orderBy('m.meter_number', 'ASC')
      .take(first + 1);
    if (filter?.status) query.andWhere('m.status = :status', { status: filter.status });
    if (filter?.type) query.andWhere('m.meter_type = :type', { type: filter.type });
    if (filter?.accuracyClass) query.andWhere('m.accuracy_class = :accuracyClass', { accuracyClass: filter.accuracyClass });
    if (filter?.numberPrefix) {
      query.andWhere(`starts_with(m.meter_number, :prefix)`, { prefix: filter.numberPrefix.trim() });
    }
    if (page.after !== undefined) query.andWhere('m.meter_number > :after', { after: page.after });
    const rows = await query.getMany();
    const nodes = rows.slice(0, first);
    const assignments = nodes.length
      ? await this.dataSource.manager.find(MeterAssignment, {
          where: { meterId: In(nodes.map((m) => m.id)), releasedAt: IsNull() },
        })
      : [];
    const active = new Map(assignments.map((a) => [a.meterId, a]));
    return toPage(
      rows,
      first,
      (meter) => meter.meterNumber,
      (meter) => meterViewOf(meter, active.get(meter.id) ?? null),
    );
  }

  async assign(principal: Principal, input: AssignMeterInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'assignMeter');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.assignMeter);
      const meter = await this.lockMeter(work.manager, input);
      const field = input.meterId !== undefined ? 'input.meterId' : 'input.meterNumber';
      const breaches = meterFitBreaches(meter, openCase);
      if (breaches.length > 0) {
        throw new DomainError(`Meter ${meter.meterNumber} does not fit the case: ${breaches.map((b) => b.message).join('; ')}`, {
          code: ErrorCode.VALIDATION_FAILED,
          fields: breaches.map((b) => ({ field, message: `${b.message} (rule ${b.rule})` })),
          rules: breaches.map((b) => b.rule),
        });
      }
      if (meter.status !== 'IN_STOCK') throw this.unavailable(meter);
      const assignment = work.manager.create(MeterAssignment, {
        id: randomUUID(),
        meterId: meter.id,
        caseId: openCase.caseId,
        assignedBy: principal.sub,
        assignedAt: this.time.now(),
        releasedAt: null,
        releasedBy: null,
        releaseReason: null,
        removalRequired: false,
      });
      try {
        await work.manager.insert(MeterAssignment, assignment);
      } catch (error) {
        // The meter row lock serialises assignments; the index is the last word if that is ever bypassed.
        if (isUniqueViolation(error, 'meter_assignment_active_meter')) throw this.unavailable(meter);
        throw error;
      }
      await work.manager.update(Meter, { id: meter.id }, { status: 'ASSIGNED' });
      await this.cases.moveTo(work.manager, openCase, next);
      await work.publish('metering.meter.assigned.v1', {
        ...casePayloadOf(openCase, actor, meteringNextActions(openCase.regionCode).meterAssigned()),
        meterId: meter.id,
        meterNumber: meter.meterNumber,
      });
    });
  }

  /** The meter named by id or number, locked for this transaction; NOT_FOUND when the inventory has no such meter. */
  private async lockMeter(manager: EntityManager, input: AssignMeterInput): Promise<Meter> {
    const where = input.meterId !== undefined ? { id: input.meterId } : { meterNumber: (input.meterNumber ?? '').trim() };
    const meter = await manager.findOne(Meter, { where, lock: { mode: 'pessimistic_write' } });
    if (!meter) throw new NotFoundError('Meter', input.meterId ?? (input.meterNumber ?? '').trim());
    return meter;
  }

  /** The state machine only lets open cases through; this narrows the type and fails closed if that ever changes. */
  private opened(meteringCase: MeteringCase): OpenMeteringCase {
    if (!isOpen(meteringCase)) throw new Error(`metering case ${meteringCase.caseId} is not open`);
    return meteringCase;
  }

  private unavailable(meter: Meter): ConflictError {
    return new ConflictError(
      meter.status === 'RETIRED'
        ? `Meter ${meter.meterNumber} is retired`
        : `Meter ${meter.meterNumber} is already assigned to another case`,
    );
  }

  private alreadyRegistered(meterNumber: string): ConflictError {
    return new ConflictError(`Meter ${meterNumber} is already registered`);
  }
}
