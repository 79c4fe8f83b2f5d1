import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Actor, casePayloadOf } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { InspectionCase } from '../inspection-case/inspection-case.entity';

/** Who announces a fact inspection recorded before its event existed. */
const INSPECTION_SYSTEM_ACTOR: Actor = { id: 'system:inspection', role: 'inspector' };
const BATCH = 100;

/**
 * Announces, once, every construction start inspection recorded before
 * `inspection.construction.started.v1` existed, so the journey stops asking the customer to
 * start building (and subscribers hear of it). It runs at start, batch by batch under the
 * cases' row locks: a case another instance holds is skipped (that one announces it), and a case
 * whose audit chain already holds the event is left alone, so a restart announces nothing twice.
 * The event closes only START_CONSTRUCTION: what the case did since is in its later events.
 */
@Injectable()
export class ConstructionStartBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConstructionStartBackfill.name);

  constructor(private readonly unitOfWork: UnitOfWork) {}

  async onApplicationBootstrap(): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    let announced = 0;
    for (;;) {
      const batch = await this.unitOfWork.run(async (work) => {
        const rows = await work.manager.query<{ case_id: string }[]>(
          `SELECT c.case_id FROM inspection_case c
           WHERE c.case_id > $1 AND c.construction_started_on IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM audit_record a WHERE a.case_id = c.case_id AND a.action = 'inspection.construction.started.v1')
           ORDER BY c.case_id LIMIT ${BATCH} FOR UPDATE OF c SKIP LOCKED`,
          [after],
        );
        for (const { case_id: caseId } of rows) {
          const copy = await work.manager.findOneByOrFail(InspectionCase, { caseId });
          await work.publish('inspection.construction.started.v1', {
            ...casePayloadOf(copy, INSPECTION_SYSTEM_ACTOR),
            actions: { closes: ['START_CONSTRUCTION'] },
            startedOn: copy.constructionStartedOn!,
            unitName: copy.constructionUnitName ?? 'not recorded',
            ...(copy.constructionUnitId ? { unitId: copy.constructionUnitId } : {}),
          });
        }
        return rows.map((row) => row.case_id);
      });
      if (batch.length === 0) break;
      announced += batch.length;
      after = batch[batch.length - 1];
    }
    if (announced > 0) this.logger.log(`announced the construction start of ${announced} cases recorded before the event existed`);
  }
}
