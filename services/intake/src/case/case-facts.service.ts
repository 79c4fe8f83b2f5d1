import { Injectable } from '@nestjs/common';
import type { CaseActionCode } from '@yekuo/events';
import { actorOf, Principal, UnitOfWork } from '@yekuo/platform';
import { DataSource, In, MoreThan } from 'typeorm';
import { JourneyOpenAction } from '../journey/journey-open-action.entity';
import { payloadOfCase } from './case-payload';
import { ConnectionCase } from './case.entity';

/** Cases republished per transaction. */
const BATCH = 200;

/**
 * Republishes the facts every service keeps of a case (`intake.case.facts.v1`: region and
 * business type, and the work open on it) for every case, so copies opened before events carried
 * them are filled and a subscriber that starts late learns the cases in flight. Consumers only
 * fill what is still unknown: republishing again changes nothing in them.
 */
@Injectable()
export class CaseFactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Resolves to the number of cases whose facts were published. */
  async republish(principal: Principal): Promise<number> {
    const actor = actorOf(principal, ['admin']);
    let after = '00000000-0000-0000-0000-000000000000';
    let published = 0;
    for (;;) {
      const batch = await this.dataSource.manager.find(ConnectionCase, {
        where: { id: MoreThan(after) },
        order: { id: 'ASC' },
        take: BATCH,
      });
      if (batch.length === 0) return published;
      const open = await this.dataSource.manager.find(JourneyOpenAction, {
        where: { caseId: In(batch.map((c) => c.id)) },
        order: { since: 'ASC', code: 'ASC' },
      });
      await this.unitOfWork.run(async (work) => {
        for (const found of batch) {
          const openActions = open
            .filter((a) => a.caseId === found.id)
            .map((a) => ({ code: a.code as CaseActionCode, since: a.since.toISOString(), ...(a.due ? { due: a.due.toISOString() } : {}) }));
          await work.publish('intake.case.facts.v1', {
            ...payloadOfCase(found, actor),
            regionCode: found.regionCode,
            businessType: found.businessType,
            openActions,
          });
        }
      });
      published += batch.length;
      after = batch[batch.length - 1].id;
    }
  }
}
