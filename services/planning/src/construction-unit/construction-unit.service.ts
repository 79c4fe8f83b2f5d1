import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, casePayloadOf, Role } from '@yekuo/events';
import {
  actorOf,
  ConflictError,
  InvalidTransitionError,
  isInstantText,
  isUuid,
  loadAllBy,
  loadOneBy,
  NotFoundError,
  Page,
  pageArgs,
  Principal,
  TIME_SOURCE,
  TimeSource,
  toPage,
  UnitOfWork,
  ValidationFailedError,
  Work,
} from '@yekuo/platform';
import { DataSource, EntityManager } from 'typeorm';
import { OpenPlanningCase } from '../planning-case/planning-case.entity';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { CHOOSE_CONSTRUCTION_UNIT_STATES } from '../planning-case/planning-case.state-machine';
import { isVoltageLevel, VOLTAGE_KV } from '../scheme/scheme-terms';
import { ChosenConstructionUnit } from './chosen-construction-unit.entity';
import { ConstructionUnitChange, UnitChangeKind, UnitFieldChange } from './construction-unit-change.entity';
import { ConstructionUnit } from './construction-unit.entity';
import {
  ChooseConstructionUnitInput,
  ConstructionUnitFilter,
  RegisterConstructionUnitInput,
  UpdateConstructionUnitInput,
} from './construction-unit.inputs';
import { classInfo, QualificationClass, QUALIFICATION_CLASS_CODES, rankOf, requiredClass } from './qualification-classes';
import { ConstructionUnitRecommendation } from './recommendation.entity';
import { CandidateUnit, ineligibility, RECOMMENDATION_SIZE, recommendedStamp, selectUnits, UnitNeed } from './recommendation.policy';

/** Who keeps the registry, and who chooses a unit for a case. */
export const UNIT_REGISTRY_ROLES: Role[] = ['planner', 'admin'];
export const CHOOSE_UNIT_ROLES: Role[] = ['customer', 'agent'];

/** The calendar day (YYYY-MM-DD) at the utility (China Standard Time) of `at`. */
export function utilityDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** What a case needs of a construction unit on `day`. */
export function needOf(planningCase: OpenPlanningCase, day: string): UnitNeed {
  const voltageKv = isVoltageLevel(planningCase.voltageLevel) ? VOLTAGE_KV[planningCase.voltageLevel] : Number.POSITIVE_INFINITY;
  return {
    regionCode: planningCase.regionCode,
    voltageKv,
    capacityKva: planningCase.capacityKva,
    requiredClass: requiredClass(voltageKv, planningCase.capacityKva),
    day,
  };
}

const toCandidate = (unit: ConstructionUnit): CandidateUnit => ({
  id: unit.id,
  name: unit.name,
  qualificationClass: unit.qualificationClass,
  maxVoltageKv: unit.maxVoltageKv,
  maxCapacityKva: unit.maxCapacityKva,
  regions: unit.regions,
  validUntil: unit.validUntil,
  suspended: unit.suspended,
  lastRecommendedAt: unit.lastRecommendedAt,
});

/** A registry list's keyset position: `[registeredAt, id]`. */
const parsePosition = (value: unknown): [string, string] | undefined =>
  Array.isArray(value) && value.length === 2 && isInstantText(value[0]) && isUuid(value[1]) ? [value[0], value[1]] : undefined;

/** The fields of a unit the registry tracks changes of. */
const TRACKED = [
  'name',
  'licenceNumber',
  'qualificationClass',
  'maxVoltageKv',
  'maxCapacityKva',
  'regions',
  'validUntil',
  'suspended',
  'suspensionReason',
] as const;
type Tracked = (typeof TRACKED)[number];

/** The construction-unit registry, the recommendation issued to a customer, and the customer's choice. */
@Injectable()
export class ConstructionUnitService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async register(principal: Principal, input: RegisterConstructionUnitInput): Promise<ConstructionUnit> {
    const actor = actorOf(principal, UNIT_REGISTRY_ROLES);
    return this.unitOfWork.run(async (work) => {
      const licenceNumber = input.licenceNumber.trim();
      await this.refuseDuplicateLicence(work.manager, licenceNumber);
      const now = this.time.now();
      const unit = work.manager.create(ConstructionUnit, {
        id: randomUUID(),
        name: input.name.trim(),
        licenceNumber,
        qualificationClass: input.qualificationClass as QualificationClass,
        maxVoltageKv: input.maxVoltageKv,
        maxCapacityKva: input.maxCapacityKva ?? null,
        regions: [...new Set(input.regions)],
        validUntil: input.validUntil,
        suspended: false,
        suspensionReason: null,
        lastRecommendedAt: null,
        timesRecommended: 0,
        registeredBy: actor.id,
        registeredAt: now,
        updatedBy: actor.id,
        updatedAt: now,
      });
      await work.manager.insert(ConstructionUnit, unit);
      const changes = TRACKED.map((field) => fieldChange(field, null, unit[field])).filter((c) => c.to !== null);
      await this.recordChange(work.manager, unit.id, 'REGISTERED', actor, now, changes, null);
      return unit;
    });
  }

  async update(principal: Principal, input: UpdateConstructionUnitInput): Promise<ConstructionUnit> {
    const actor = actorOf(principal, UNIT_REGISTRY_ROLES);
    return this.unitOfWork.run(async (work) => {
      const unit = await work.manager.findOne(ConstructionUnit, { where: { id: input.unitId }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw new NotFoundError('ConstructionUnit', input.unitId);
      const reason = input.reason?.trim() ?? null;
      if (input.suspended === true && !unit.suspended && !reason) {
        throw new ValidationFailedError([{ field: 'input.reason', message: 'reason is required to suspend a unit' }]);
      }
      // A field left out, or null where the column cannot be (GraphQL lets a client send null for any optional field), is left as it is.
      const wanted: Partial<Pick<ConstructionUnit, Tracked>> = {
        ...(input.name != null ? { name: input.name.trim() } : {}),
        ...(input.licenceNumber != null ? { licenceNumber: input.licenceNumber.trim() } : {}),
        ...(input.qualificationClass != null ? { qualificationClass: input.qualificationClass as QualificationClass } : {}),
        ...(input.maxVoltageKv != null ? { maxVoltageKv: input.maxVoltageKv } : {}),
        ...(input.maxCapacityKva !== undefined ? { maxCapacityKva: input.maxCapacityKva } : {}),
        ...(input.regions != null ? { regions: [...new Set(input.regions)] } : {}),
        ...(input.validUntil != null ? { validUntil: input.validUntil } : {}),
        ...(input.suspended != null ? { suspended: input.suspended, suspensionReason: input.suspended ? reason : null } : {}),
      };
      if (input.suspended === true && unit.suspended) delete wanted.suspensionReason;
      const changes = TRACKED.filter((f) => f in wanted)
        .map((field) => fieldChange(field, unit[field], wanted[field]))
        .filter((c) => c.from !== c.to);
      if (changes.length === 0) return unit;
      if (wanted.licenceNumber !== undefined && wanted.licenceNumber !== unit.licenceNumber) {
        await this.refuseDuplicateLicence(work.manager, wanted.licenceNumber);
      }
      const now = this.time.now();
      const kind: UnitChangeKind =
        wanted.suspended === undefined || wanted.suspended === unit.suspended ? 'UPDATED' : wanted.suspended ? 'SUSPENDED' : 'UNSUSPENDED';
      Object.assign(unit, wanted, { updatedBy: actor.id, updatedAt: now });
      await work.manager.update(ConstructionUnit, { id: unit.id }, { ...wanted, updatedBy: actor.id, updatedAt: now });
      await this.recordChange(work.manager, unit.id, kind, actor, now, changes, reason);
      return unit;
    });
  }

  async list(filter: ConstructionUnitFilter | undefined, first: number, after: string | undefined): Promise<Page<ConstructionUnit>> {
    const page = pageArgs(first, after, parsePosition);
    const query = this.dataSource.manager.createQueryBuilder(ConstructionUnit, 'u');
    if (filter?.regionCode) query.andWhere(':region = ANY(u.regions)', { region: filter.regionCode });
    if (filter?.minQualificationClass) {
      const atLeast = QUALIFICATION_CLASS_CODES.filter((c) => rankOf(c) >= rankOf(filter.minQualificationClass as QualificationClass));
      query.andWhere('u.qualification_class IN (:...classes)', { classes: atLeast });
    }
    if (filter?.validOn) query.andWhere('u.valid_until >= :validOn', { validOn: filter.validOn });
    if (filter?.suspended !== undefined) query.andWhere('u.suspended = :suspended', { suspended: filter.suspended });
    if (filter?.nameContains) {
      query.andWhere(`u.name ILIKE :name ESCAPE '\\'`, { name: `%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    if (page.after) {
      const [registeredAt, id] = page.after;
      query.andWhere('(u.registered_at, u.id) > (:registeredAt, :id)', { registeredAt, id });
    }
    const rows = await query
      .orderBy('u.registered_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(first + 1)
      .getMany();
    return toPage(rows, first, (unit) => [unit.registeredAt.toISOString(), unit.id]);
  }

  history(unitId: string): Promise<ConstructionUnitChange[]> {
    return this.dataSource.manager.find(ConstructionUnitChange, { where: { unitId }, order: { changedAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Issues the recommendation of a case inside the caller's transaction (the case row
   * is locked by the caller). The eligible units are locked in id order, so concurrent
   * recommendations for the same region take turns and each sees the others' stamps:
   * the rotation stays fair under concurrency.
   */
  async recommend(work: Work, planningCase: OpenPlanningCase, actor: Actor): Promise<ConstructionUnitRecommendation> {
    const now = this.time.now();
    const need = needOf(planningCase, utilityDay(now));
    const candidates = await work.manager
      .createQueryBuilder(ConstructionUnit, 'u')
      .where(':region = ANY(u.regions)', { region: need.regionCode })
      .andWhere('NOT u.suspended')
      .andWhere('u.valid_until >= :day', { day: need.day })
      .orderBy('u.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    // Stamped after the lock is held, and never before a stamp already recorded (another replica's clock may run
    // ahead): a recommendation that waited for another's lock must rank its units after that one's.
    const latestStamp = Math.max(0, ...candidates.map((u) => (u.lastRecommendedAt?.getTime() ?? 0) + RECOMMENDATION_SIZE));
    const issuedAt = new Date(Math.max(now.getTime(), latestStamp));
    const { offered, fewerThanThree } = selectUnits(candidates.map(toCandidate), need);
    await work.manager.update(
      ConstructionUnitRecommendation,
      { caseId: planningCase.caseId, status: 'ACTIVE' },
      { status: 'SUPERSEDED', closedAt: issuedAt },
    );
    const recommendation = work.manager.create(ConstructionUnitRecommendation, {
      id: randomUUID(),
      caseId: planningCase.caseId,
      units: offered,
      fewerThanThree,
      issuedAt,
      issuedBy: actor.id,
      status: 'ACTIVE',
      closedAt: null,
    });
    await work.manager.insert(ConstructionUnitRecommendation, recommendation);
    for (const [position, unit] of offered.entries()) {
      await work.manager
        .createQueryBuilder()
        .update(ConstructionUnit)
        .set({ lastRecommendedAt: recommendedStamp(issuedAt, position), timesRecommended: () => 'times_recommended + 1' })
        .where('id = :id', { id: unit.unitId })
        .execute();
    }
    await work.publish('planning.recommendation.issued.v1', {
      ...casePayloadOf(planningCase, actor),
      recommendationId: recommendation.id,
      units: offered.map((u) => ({ unitId: u.unitId, name: u.name, reason: u.reason })),
      fewerThanThree,
    });
    return recommendation;
  }

  /** Records the construction unit the customer chose; announces it (inspection records who builds). */
  async choose(principal: Principal, input: ChooseConstructionUnitInput): Promise<void> {
    const given = [input.unitId !== undefined && input.unitId !== null, input.otherUnit !== undefined && input.otherUnit !== null];
    if (given[0] === given[1]) {
      const message = 'give exactly one of unitId (a recommended unit) and otherUnit (another qualified unit)';
      throw new ValidationFailedError([
        { field: 'input.unitId', message },
        { field: 'input.otherUnit', message },
      ]);
    }
    await this.unitOfWork.run(async (work) => {
      const planningCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      if (!CHOOSE_CONSTRUCTION_UNIT_STATES.includes(planningCase.status)) {
        throw new InvalidTransitionError('chooseConstructionUnit', planningCase.status, [...CHOOSE_CONSTRUCTION_UNIT_STATES]);
      }
      const openCase = this.cases.requireOpen(planningCase, 'chooseConstructionUnit');
      const actor = actorOf(principal, CHOOSE_UNIT_ROLES);
      const now = this.time.now();
      const need = needOf(openCase, utilityDay(now));
      const recommendation = await work.manager.findOneBy(ConstructionUnitRecommendation, { caseId: openCase.caseId, status: 'ACTIVE' });
      let choice: Omit<ChosenConstructionUnit, 'caseId' | 'chosenBy' | 'chosenAt'>;
      if (input.unitId) {
        const offered = recommendation?.units.find((u) => u.unitId === input.unitId);
        if (!recommendation || !offered) {
          throw new ValidationFailedError([{ field: 'input.unitId', message: 'unitId is not among the units recommended for this case' }]);
        }
        const unit = await work.manager.findOneByOrFail(ConstructionUnit, { id: input.unitId });
        const why = ineligibility(toCandidate(unit), need);
        if (why) throw new ValidationFailedError([{ field: 'input.unitId', message: `the unit can no longer be chosen: ${why}` }]);
        choice = {
          unitId: unit.id,
          unitName: unit.name,
          qualificationClass: unit.qualificationClass,
          licenceNumber: unit.licenceNumber,
          fromRecommendation: true,
          recommendationId: recommendation.id,
        };
      } else {
        const other = input.otherUnit!;
        const qualificationClass = other.qualificationClass as QualificationClass;
        if (rankOf(qualificationClass) < rankOf(need.requiredClass)) {
          const info = classInfo(need.requiredClass);
          throw new ValidationFailedError([
            {
              field: 'input.otherUnit.qualificationClass',
              message: `${qualificationClass} is not enough for ${need.voltageKv} kV / ${need.capacityKva} kVA: ${need.requiredClass} (${info.label}) or higher is required`,
            },
          ]);
        }
        const licenceNumber = other.licenceNumber.trim();
        const registered = await work.manager.findOneBy(ConstructionUnit, { licenceNumber });
        if (registered?.suspended) {
          throw new ValidationFailedError([{ field: 'input.otherUnit.licenceNumber', message: 'the unit with this licence is suspended' }]);
        }
        if (registered && registered.validUntil < need.day) {
          throw new ValidationFailedError([
            { field: 'input.otherUnit.licenceNumber', message: `the licence expired on ${registered.validUntil}` },
          ]);
        }
        const offered = registered ? recommendation?.units.some((u) => u.unitId === registered.id) === true : false;
        choice = {
          unitId: registered?.id ?? null,
          unitName: other.name.trim(),
          qualificationClass,
          licenceNumber,
          fromRecommendation: offered,
          recommendationId: offered ? recommendation!.id : null,
        };
      }
      await work.manager.upsert(ChosenConstructionUnit, { caseId: openCase.caseId, ...choice, chosenBy: actor.id, chosenAt: now }, [
        'caseId',
      ]);
      await work.publish('planning.constructionunit.chosen.v1', {
        ...casePayloadOf(openCase, actor),
        ...(choice.unitId ? { unitId: choice.unitId } : {}),
        unitName: choice.unitName,
        fromRecommendation: choice.fromRecommendation,
      });
    });
  }

  /** The latest recommendation of a case (the caller's visibility is checked by the resolver). */
  /** The latest recommendation of the case (the recommendations of every case asked in a request read at once). */
  async latestRecommendation(caseId: string, principal?: Principal): Promise<ConstructionUnitRecommendation | null> {
    const [latest] = await loadAllBy(principal, this.dataSource.manager, ConstructionUnitRecommendation, 'caseId', caseId, {
      issuedAt: 'DESC',
    });
    return latest ?? null;
  }

  chosen(caseId: string, principal?: Principal): Promise<ChosenConstructionUnit | null> {
    return loadOneBy(principal, this.dataSource.manager, ChosenConstructionUnit, 'caseId', caseId);
  }

  private async refuseDuplicateLicence(manager: EntityManager, licenceNumber: string): Promise<void> {
    if (await manager.existsBy(ConstructionUnit, { licenceNumber })) {
      throw new ConflictError(`A construction unit with licence ${licenceNumber} is registered already`);
    }
  }

  private async recordChange(
    manager: EntityManager,
    unitId: string,
    kind: UnitChangeKind,
    actor: Actor,
    changedAt: Date,
    changes: UnitFieldChange[],
    reason: string | null,
  ): Promise<void> {
    await manager.insert(ConstructionUnitChange, {
      id: randomUUID(),
      unitId,
      kind,
      changedBy: actor.id,
      changedByRole: actor.role,
      changedAt,
      changes,
      reason,
    });
  }
}

function fieldChange(field: string, from: unknown, to: unknown): UnitFieldChange {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return { field, from: json(from), to: json(to) };
}
