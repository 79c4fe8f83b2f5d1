import { Injectable } from '@nestjs/common';
import { AuditLog, CaseCopyStore, groupedByKey, loadAllBy, Principal, requestLoader, Work } from '@yekuo/platform';
import { CloudEvent, ProcessVariantName } from '@yekuo/events';
import { DataSource, EntityTarget, FindOptionsOrder, In, Not, ObjectLiteral } from 'typeorm';
import { CustomerWait } from '../customer-time/customer-wait.entity';
import { ConstructionUnitChoice } from './construction-unit-choice.entity';
import { InspectionCase } from './inspection-case.entity';
import { InspectionAction, initialInspectionStatus, inspectionStateMachine, InspectionStatus } from './inspection-case.state-machine';

export type OpenOutcome = 'opened' | 'scheme-updated' | 'unchanged' | 'cancelled';

type ShownLoader<V> = ReturnType<typeof requestLoader<string, V>>;

/**
 * Inspection's copy of a case (the shared case-copy mechanics): opening it and the chosen construction unit,
 * and the reads of the tables several stage objects of a case share (customer waits, clocks), batched over
 * every case a request shows.
 */
@Injectable()
export class InspectionCaseService extends CaseCopyStore<InspectionCase, InspectionStatus, InspectionAction> {
  /** The cases whose stage objects each request shows, by the principal the guard verified for it (it names the request). */
  private readonly shown = new WeakMap<Principal, Set<string>>();

  constructor(dataSource: DataSource, auditLog: AuditLog) {
    // The state machine of the case's process variant decides each action.
    super(dataSource, auditLog, {
      entity: InspectionCase,
      lockName: 'inspection-case',
      machine: (c) => inspectionStateMachine(c.category, c.processVariant),
    });
  }

  /**
   * Every row of a stage object's own table for the case (its design submissions, inspections or acceptance
   * rounds), read once per request for every case that asks in the same turn; the case is noted as one
   * whose stage objects the request shows (see `loadShown`).
   */
  loadStage<T extends ObjectLiteral & { caseId: string }>(
    principal: Principal | undefined,
    entity: EntityTarget<T>,
    caseId: string,
    order?: FindOptionsOrder<T>,
  ): Promise<T[]> {
    if (principal) {
      const shown = this.shown.get(principal) ?? new Set<string>();
      this.shown.set(principal, shown.add(caseId));
    }
    return loadAllBy(principal, this.dataSource.manager, entity, 'caseId', caseId, order);
  }

  /**
   * What `batch` finds for the case (`batch` answers one value per id, in the order of the ids), read once
   * per request for every case whose stage objects the request shows, whichever field asks first. The
   * fields of different stage objects (design rounds, inspections, acceptance rounds) read a table they
   * share at different moments, as each object's own rows arrive; each moment would cost a statement for
   * the cases not read yet, so the first reads them all and the later ones find them loaded.
   */
  loadShown<V>(principal: Principal | undefined, name: string, caseId: string, batch: (caseIds: string[]) => Promise<V[]>): Promise<V> {
    const loader: ShownLoader<V> = requestLoader<string, V>(principal, name, async (keys) => {
      const asked = new Set(keys);
      const others = [...((principal && this.shown.get(principal)) ?? [])].filter((id) => !asked.has(id));
      const loading = batch([...keys, ...others]);
      // Cached at once, so a field asking while the statement runs waits for it rather than sending another.
      // A key already cached (another batch loading it) keeps its answer: `prime` leaves it alone.
      others.forEach((id, index) => {
        const value = loading.then((values) => values[keys.length + index]);
        // Fails as the batch fails, for whoever loads it; unhandled by nobody when nobody does.
        value.catch(() => undefined);
        loader.prime(id, value);
      });
      return (await loading).slice(0, keys.length);
    });
    return loader.load(caseId);
  }

  /** Every customer wait of the case (any stage, any order); read with the waits of every case the request shows. */
  customerWaits(principal: Principal | undefined, caseId: string): Promise<CustomerWait[]> {
    return this.loadShown(principal, 'inspection:customer-waits', caseId, async (caseIds) =>
      groupedByKey(caseIds, await this.dataSource.manager.find(CustomerWait, { where: { caseId: In(caseIds) } }), (w) => w.caseId),
    );
  }

  /**
   * Opens the inspection case of a confirmed scheme in the state its process variant
   * starts in, applying a construction-unit choice that arrived first. Idempotent: the
   * unit of work skips a redelivered event and a second confirmation of the same case
   * opens nothing (a later scheme version only refreshes the scheme terms and the
   * variant the case walks, see `restartedIn`).
   */
  async open(work: Work, event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<OpenOutcome> {
    const data = event.data;
    const processVariant = data.processVariant ?? null;
    await this.serialise(work.manager, data.caseId);
    const existing = await work.manager.findOneBy(InspectionCase, { caseId: data.caseId });
    if (existing) {
      // A withdrawal recorded first keeps the case closed, whatever arrives after it.
      if (existing.status === 'CANCELLED') return 'cancelled';
      if (existing.schemeVersion !== null && data.version <= existing.schemeVersion) return 'unchanged';
      const terms = {
        schemeId: data.schemeId,
        schemeVersion: data.version,
        capacityKva: data.capacityKva,
        voltageLevel: data.voltageLevel,
        regionCode: data.regionCode ?? existing.regionCode,
        businessType: data.businessType ?? existing.businessType,
        processVariant,
        status: restartedIn(existing, processVariant),
      };
      await work.manager.update(InspectionCase, { caseId: data.caseId }, terms);
      await work.audit({
        caseId: data.caseId,
        actor: data.actor,
        action: 'inspection.scheme.updated',
        data: { eventId: event.id, ...terms },
      });
      return 'scheme-updated';
    }

    const choice = await work.manager.findOneBy(ConstructionUnitChoice, { caseId: data.caseId });
    const status = initialInspectionStatus(data.category, processVariant);
    await work.manager.insert(InspectionCase, {
      caseId: data.caseId,
      caseNumber: data.caseNumber,
      customerId: data.customerId,
      category: data.category,
      policyVersion: data.policyVersion,
      schemeId: data.schemeId,
      schemeVersion: data.version,
      capacityKva: data.capacityKva,
      voltageLevel: data.voltageLevel,
      regionCode: data.regionCode ?? null,
      businessType: data.businessType ?? null,
      processVariant,
      status,
      chosenUnitId: choice?.unitId ?? null,
      chosenUnitName: choice?.unitName ?? null,
      chosenFromRecommendation: choice?.fromRecommendation ?? null,
    });
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'inspection.case.opened',
      data: {
        eventId: event.id,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        schemeId: data.schemeId,
        schemeVersion: data.version,
        capacityKva: data.capacityKva,
        voltageLevel: data.voltageLevel,
        regionCode: data.regionCode ?? null,
        businessType: data.businessType ?? null,
        processVariant,
        status,
        chosenUnit: choice ? { unitId: choice.unitId, unitName: choice.unitName, eventId: choice.eventId } : null,
      },
    });
    return 'opened';
  }

  /**
   * Keeps the customer's choice of construction unit as a fact (the latest choice wins,
   * whatever order the events arrive in) and applies it to the case once the case is
   * open. Resolves to whether the recorded choice changed.
   */
  async recordChoice(work: Work, event: CloudEvent<'planning.constructionunit.chosen.v1'>): Promise<boolean> {
    const data = event.data;
    await this.serialise(work.manager, data.caseId);
    const changed = await work.manager.query<unknown[]>(
      `INSERT INTO construction_unit_choice AS c (case_id, unit_id, unit_name, from_recommendation, event_id, chosen_at, actor_id, actor_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (case_id) DO UPDATE SET unit_id = excluded.unit_id, unit_name = excluded.unit_name,
         from_recommendation = excluded.from_recommendation, event_id = excluded.event_id, chosen_at = excluded.chosen_at,
         actor_id = excluded.actor_id, actor_role = excluded.actor_role
       WHERE (excluded.chosen_at, excluded.event_id) > (c.chosen_at, c.event_id)
       RETURNING case_id`,
      [data.caseId, data.unitId ?? null, data.unitName, data.fromRecommendation, event.id, event.time, data.actor.id, data.actor.role],
    );
    if (changed.length === 0) return false;
    const applied = await work.manager.update(
      InspectionCase,
      { caseId: data.caseId, status: Not('CANCELLED' as const) },
      { chosenUnitId: data.unitId ?? null, chosenUnitName: data.unitName, chosenFromRecommendation: data.fromRecommendation },
    );
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'inspection.constructionunit.recorded',
      data: {
        eventId: event.id,
        unitId: data.unitId ?? null,
        unitName: data.unitName,
        fromRecommendation: data.fromRecommendation,
        appliedToCase: (applied.affected ?? 0) > 0,
      },
    });
    return true;
  }
}

/**
 * The state of a case whose confirmed scheme now names `processVariant`: a case on which inspection has
 * done nothing yet (still where its variant started it) starts where the new variant starts, e.g. a case
 * that left 三零 (no inspection) for the pre-reform walk waits for construction and its completion
 * acceptance; a case with inspection work under way stays where it is.
 */
function restartedIn(existing: InspectionCase, processVariant: ProcessVariantName | null): InspectionStatus {
  const untouched = existing.status === initialInspectionStatus(existing.category, existing.processVariant);
  return untouched ? initialInspectionStatus(existing.category, processVariant) : existing.status;
}
