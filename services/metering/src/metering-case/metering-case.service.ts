import { Inject, Injectable } from '@nestjs/common';
import { Actor, casePayloadOf, CloudEvent } from '@yekuo/events';
import { AuditLog, auditLockName, CaseCopyStore, isStaff, mayActFor, Principal, TIME_SOURCE, type TimeSource, Work } from '@yekuo/platform';
import { ClockService } from '@yekuo/timelimits';
import { GateCondition } from '@yekuo/policy';
import { DataSource, EntityManager } from 'typeorm';
import { gateOpensNow, heldConditions, missingConditions, requiredConditionsOf } from './gate.policy';
import { isKnown, isOpen, KnownMeteringCase, MeteringCase, OpenMeteringCase } from './metering-case.entity';
import { MeteringAction, meteringStateMachine, MeteringStatus } from './metering-case.state-machine';
import { MeteringFact } from './metering-fact.entity';
import { meteringNextActions } from './next-action.policy';

/** The time-limit clock metering runs: from the gate opening to energization. */
export const ENERGIZATION_CLOCK = 'ENERGIZATION' as const;

/**
 * The clock of installing the meter (装表): from the moment every other condition of the gate holds
 * (the procedures done: contract signed, fees settled, completion accepted and the utility's external
 * works completed where the case needs them) to the meter installed.
 */
export const METER_INSTALLATION_CLOCK = 'METER_INSTALLATION' as const;

/** The states in which the meter is still to be installed. */
const AWAITING_METER: readonly MeteringStatus[] = ['OPEN', 'METER_ASSIGNED'];

/** Where a gate fact came from: an upstream event or one of metering's own mutations. */
export interface FactOrigin {
  /** The event type, or the mutation, that established the fact. */
  source: string;
  eventId?: string;
  actor: Actor;
  /** CONTRACT_SIGNED: the scheme version whose terms the fully signed contract carries, when it names one. */
  termsVersion?: number | null;
}

/**
 * Metering's copy of a case and its energization gate. Every decision about the
 * gate is taken under the row lock of the case (`SELECT … FOR UPDATE`), in the
 * transaction that records the fact or the confirmation, so two instances handling
 * two facts at the same instant cannot both open the gate or both miss it.
 */
@Injectable()
export class MeteringCaseService extends CaseCopyStore<MeteringCase, MeteringStatus, MeteringAction> {
  constructor(
    dataSource: DataSource,
    auditLog: AuditLog,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {
    super(dataSource, auditLog, { entity: MeteringCase, lockName: 'metering-case', machine: () => meteringStateMachine });
  }

  /**
   * Locks the case row, creating it bare (AWAITING_SCHEME) first when neither the
   * confirmation nor any fact has arrived yet, so there is always one row to lock.
   */
  async lockOrCreate(manager: EntityManager, caseId: string): Promise<MeteringCase> {
    await this.openCopy(manager, { caseId, status: 'AWAITING_SCHEME' });
    const meteringCase = await this.lock(manager, caseId);
    if (!meteringCase) throw new Error(`metering case ${caseId} vanished after it was created`);
    return meteringCase;
  }

  /**
   * Opens the case from the confirmed scheme, with the gate of its process variant,
   * and evaluates the gate (facts may have arrived first). Idempotent: a repeated
   * confirmation changes nothing; a later scheme version (a changed scheme confirmed
   * again) only updates the scheme metering works from, the variant the case walks and
   * the contract terms it needs (and, while the gate is shut, its conditions).
   */
  async open(
    work: Work,
    event: CloudEvent<'planning.scheme.confirmed.v1'>,
  ): Promise<{ opened: boolean; gateOpened: boolean; cancelled: boolean }> {
    const data = event.data;
    const processVariant = data.processVariant ?? null;
    const contractTermsVersion = data.contractTermsVersion ?? null;
    const meteringCase = await this.lockOrCreate(work.manager, data.caseId);
    // A confirmation that arrives after the withdrawal (late or redelivered) must not reopen work.
    if (meteringCase.status === 'CANCELLED') return { opened: false, gateOpened: false, cancelled: true };
    let opened = false;
    if (!isOpen(meteringCase)) {
      const changes = {
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        regionCode: data.regionCode ?? meteringCase.regionCode,
        businessType: data.businessType ?? meteringCase.businessType,
        schemeId: data.schemeId,
        schemeVersion: data.version,
        meteringMethod: data.meteringMethod,
        voltageLevel: data.voltageLevel,
        processVariant,
        contractTermsVersion,
        requiredConditions: requiredConditionsOf(data.category, processVariant, data.externalWorksRequired ?? false),
        schemeConfirmedAt: new Date(event.time),
        status: meteringStateMachine.next(meteringCase.status, 'open'),
      };
      await work.manager.update(MeteringCase, { caseId: data.caseId }, changes);
      Object.assign(meteringCase, changes);
      await work.audit({
        caseId: data.caseId,
        actor: data.actor,
        action: 'metering.case.opened',
        data: {
          eventId: event.id,
          caseNumber: data.caseNumber,
          customerId: data.customerId,
          category: data.category,
          policyVersion: data.policyVersion,
          schemeId: data.schemeId,
          schemeVersion: data.version,
          meteringMethod: data.meteringMethod,
          voltageLevel: data.voltageLevel,
          processVariant,
          contractTermsVersion,
          requiredConditions: changes.requiredConditions,
          schemeConfirmedAt: event.time,
          status: changes.status,
        },
      });
      opened = true;
    } else if (data.version > (meteringCase.schemeVersion ?? 0)) {
      // A later scheme may add external works (planning orders them then); works once ordered stay a condition.
      const worksNeeded =
        (data.externalWorksRequired ?? false) || (meteringCase.requiredConditions ?? []).includes('EXTERNAL_WORKS_COMPLETED');
      const required = meteringCase.gateOpenedAt
        ? {}
        : { requiredConditions: requiredConditionsOf(meteringCase.category ?? data.category, processVariant, worksNeeded) };
      const changes = {
        schemeId: data.schemeId,
        schemeVersion: data.version,
        meteringMethod: data.meteringMethod,
        voltageLevel: data.voltageLevel,
        processVariant,
        contractTermsVersion,
        ...required,
      };
      await work.manager.update(MeteringCase, { caseId: data.caseId }, changes);
      Object.assign(meteringCase, changes);
      await work.audit({
        caseId: data.caseId,
        actor: data.actor,
        action: 'metering.scheme.updated',
        data: { eventId: event.id, ...changes },
      });
    }
    const gateOpened = await this.evaluateGate(work, meteringCase, data.actor);
    return { opened, gateOpened, cancelled: false };
  }

  /** Records an upstream gate fact (creating the case row bare if needed) and evaluates the gate. */
  async recordFact(
    work: Work,
    caseId: string,
    condition: GateCondition,
    origin: FactOrigin,
  ): Promise<{ recorded: boolean; gateOpened: boolean }> {
    const meteringCase = await this.lockOrCreate(work.manager, caseId);
    return this.recordFactLocked(work, meteringCase, condition, origin);
  }

  /**
   * Records a fact on a case whose row this transaction has locked, once (a repeat
   * is ignored; a contract signed on newer terms than the recorded signature replaces
   * it, so the fact names the signature on the newest terms), and evaluates the gate
   * in the same transaction.
   */
  async recordFactLocked(
    work: Work,
    meteringCase: MeteringCase,
    condition: GateCondition,
    origin: FactOrigin,
  ): Promise<{ recorded: boolean; gateOpened: boolean }> {
    const termsVersion = origin.termsVersion ?? null;
    const inserted = await work.manager.query<unknown[]>(
      `INSERT INTO metering_fact AS f (case_id, condition, recorded_at, source, event_id, actor_id, actor_role, terms_version)
       VALUES ($1, $2, now(), $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, condition) DO UPDATE SET recorded_at = excluded.recorded_at, source = excluded.source,
         event_id = excluded.event_id, actor_id = excluded.actor_id, actor_role = excluded.actor_role, terms_version = excluded.terms_version
       WHERE excluded.terms_version IS NOT NULL AND (f.terms_version IS NULL OR excluded.terms_version > f.terms_version)
       RETURNING condition`,
      [meteringCase.caseId, condition, origin.source, origin.eventId ?? null, origin.actor.id, origin.actor.role, termsVersion],
    );
    const recorded = inserted.length > 0;
    if (recorded) {
      await work.audit({
        caseId: meteringCase.caseId,
        actor: origin.actor,
        action: 'metering.fact.recorded',
        data: {
          condition,
          source: origin.source,
          ...(origin.eventId ? { eventId: origin.eventId } : {}),
          ...(termsVersion !== null ? { termsVersion } : {}),
        },
      });
    }
    const gateOpened = await this.evaluateGate(work, meteringCase, origin.actor);
    return { recorded, gateOpened };
  }

  /**
   * Opens the gate when every condition of the case holds and it has not opened
   * before: stores gate_opened_at, publishes `metering.gate.opened.v1` and starts the
   * ENERGIZATION time-limit clock at that instant, in the caller's transaction. The
   * caller must hold the case row lock.
   */
  async evaluateGate(work: Work, meteringCase: MeteringCase, actor: Actor): Promise<boolean> {
    // A withdrawn case never opens its gate, whatever facts still arrive.
    if (!isOpen(meteringCase) || meteringCase.gateOpenedAt || meteringCase.status === 'CANCELLED') return false;
    const recorded = await this.heldConditions(work.manager, meteringCase);
    await this.startMeterInstallationClock(work, meteringCase, recorded, actor);
    if (
      !gateOpensNow({
        required: meteringCase.requiredConditions,
        recorded,
        openedAt: meteringCase.gateOpenedAt,
      })
    )
      return false;
    const gateOpenedAt = this.time.now();
    const nextAction = meteringNextActions(meteringCase.regionCode).gateOpened();
    await work.manager.update(MeteringCase, { caseId: meteringCase.caseId }, { gateOpenedAt });
    meteringCase.gateOpenedAt = gateOpenedAt;
    await work.publish('metering.gate.opened.v1', {
      ...casePayloadOf(meteringCase, actor, nextAction),
      conditions: [...meteringCase.requiredConditions],
    });
    // The energization step is timed from the moment the gate opens (DOMAIN.md, time limits).
    await this.clocks.start(work, {
      caseCopy: meteringCase,
      stage: ENERGIZATION_CLOCK,
      startedAt: gateOpenedAt,
      team: nextAction.team,
      actor,
    });
    return true;
  }

  /**
   * Starts the meter installation clock once the installed meter is all the gate still waits for
   * (once per case: a later fact or redelivery changes nothing). A meter installed before the other
   * conditions held waited on nothing and has no clock.
   */
  private async startMeterInstallationClock(
    work: Work,
    meteringCase: MeteringCase,
    recorded: GateCondition[],
    actor: Actor,
  ): Promise<void> {
    if (!isOpen(meteringCase) || !AWAITING_METER.includes(meteringCase.status)) return;
    const missing = missingConditions(meteringCase.requiredConditions, recorded);
    if (missing.length !== 1 || missing[0] !== 'METER_INSTALLED') return;
    await this.clocks.start(work, {
      caseCopy: meteringCase,
      stage: METER_INSTALLATION_CLOCK,
      startedAt: this.time.now(),
      team: meteringNextActions(meteringCase.regionCode).gateOpened().team,
      actor,
    });
  }

  /** The gate conditions that hold for the case (see `heldConditions`), in the order they were recorded. */
  async heldConditions(manager: EntityManager, meteringCase: MeteringCase): Promise<GateCondition[]> {
    const facts = await manager.find(MeteringFact, {
      where: { caseId: meteringCase.caseId },
      order: { recordedAt: 'ASC', condition: 'ASC' },
    });
    return heldConditions(facts, meteringCase.contractTermsVersion);
  }

  /** What still blocks energization of an open case (empty once every condition holds). */
  async missing(manager: EntityManager, meteringCase: OpenMeteringCase): Promise<GateCondition[]> {
    return missingConditions(meteringCase.requiredConditions, await this.heldConditions(manager, meteringCase));
  }

  /** Metering shows a case it heard of from an event carrying its fields, to those who may act for its customer. */
  protected override mayRead(principal: Principal, meteringCase: MeteringCase): boolean {
    return isKnown(meteringCase) && mayActFor(principal, meteringCase.customerId);
  }

  /** A bare copy (a gate fact arrived first) is staff's alone to act on; its action is then refused by its state. */
  protected override mayChange(principal: Principal, meteringCase: MeteringCase): boolean {
    return isKnown(meteringCase) ? mayActFor(principal, meteringCase.customerId) : isStaff(principal);
  }

  /** The case when metering knows it (its scheme was confirmed, or it was withdrawn) and `principal` may see it; null otherwise. */
  async findKnown(principal: Principal, caseId: string): Promise<KnownMeteringCase | null> {
    const meteringCase = await this.findVisible(principal, caseId);
    return meteringCase && isKnown(meteringCase) ? meteringCase : null;
  }

  /**
   * Takes the case's audit-chain lock now, before any time-limit clock row: the order the
   * sweeper and the calendar recompute take them in, so a change of a clock never waits
   * for the chain while holding the clock.
   */
  async lockChain(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [auditLockName(caseId)]);
  }
}
