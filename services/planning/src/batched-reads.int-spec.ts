import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource, Logger } from 'typeorm';
import { createEvent, EventPayload } from '@yekuo/events';
import { expectData, graphql, InProcessService, startServiceInProcess, TestPublisher, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from './app.module';
import { planningService } from './planning.service-definition';

jest.setTimeout(120_000);

const CASES = 50;
/** Cases walked to a drafted scheme with one approval, so the nested lists have rows to batch. */
const WALKED = 6;

const FIELDS = `
  id
  planningStatus
  planningCancellation { reason cancelledWork }
  planningAudit { valid length }
  planningPauses { kind }
  survey { surveyorId appointments { appointmentAt status } }
  scheme { version status approvals { level approvedBy } }
  schemeVersions { version approvals { level } }
  recommendedConstructionUnits { fewerThanThree }
  chosenConstructionUnit { unitName }
`;

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${FIELDS} } } }`;

describe('planning reads a list of cases in a bounded number of queries (in process, real PostgreSQL)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let bus: TestPublisher;
  let dataSource: DataSource;
  let staff: string;
  const queries: string[] = [];
  const caseIds = Array.from({ length: CASES }, () => randomUUID());

  beforeAll(async () => {
    service = await startServiceInProcess(run, planningService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    // Counts every statement the service sends to its database (the DataSource's logger sees each one).
    const logger: Logger = dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      queries.push(query);
      return logQuery(query, parameters, runner);
    };
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    staff = await run.token({ sub: 'staff-1', roles: ['surveyor', 'planner', 'approver', 'auditor'] });

    const base = Math.floor(Math.random() * 900_000);
    for (const [i, caseId] of caseIds.entries()) {
      const accepted: EventPayload<'intake.application.accepted.v1'> = {
        caseId,
        caseNumber: `YK-2026-${String(base + i).padStart(6, '0')}`,
        customerId: randomUUID(),
        category: 'HV_SINGLE_SOURCE',
        policyVersion: '2020-01',
        actor: { id: 'clerk-1', role: 'intake-clerk' },
        businessType: 'NEW_CONNECTION',
        capacityKva: 630,
        voltageLevel: 'AC10KV',
        supplySources: 1,
        regionCode: '310115',
        acceptedAt: new Date().toISOString(),
      };
      await bus.publish(createEvent('intake.application.accepted.v1', accepted, { source: '/yekuo/intake' }));
    }
    await waitFor('every planning case', async () => {
      const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM planning_case');
      return n === CASES;
    });

    const mutate = async (mutation: string, input: Record<string, unknown>) =>
      expectData(
        await graphql(
          service.url,
          `mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { id } }`,
          { input },
          staff,
        ),
      );
    for (const caseId of caseIds.slice(0, WALKED)) {
      await mutate('scheduleSurvey', { caseId, surveyorId: 'surveyor-1', appointmentAt: '2026-12-01T02:00:00Z' });
      await mutate('recordSurvey', { caseId, siteConditions: 'Overhead 10kV line nearby', supplyPointOptions: ['10kV feeder 12'] });
      await mutate('draftScheme', {
        caseId,
        voltageLevel: 'AC10KV',
        capacityKva: 800,
        supplySources: 1,
        supplyPoints: ['10kV feeder 12 of Zhangjiang substation'],
        meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
        tariffCategory: 'LARGE_INDUSTRIAL',
        propertyBoundary: 'Cable terminal of the customer switch room',
      });
      await mutate('approveScheme', { caseId });
    }
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await run.cleanUp(['planning']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  /** Resolves `Case` for the given ids as the gateway does, and counts the service's queries while it does. */
  const readCases = async (ids: string[]) => {
    queries.length = 0;
    const response = await graphql<{ _entities: Record<string, any>[] }>(
      service.url,
      ENTITIES,
      { r: ids.map((id) => ({ __typename: 'Case', id })) },
      staff,
    );
    return { cases: expectData(response)._entities, queries: [...queries] };
  };

  it('answers every field of 50 cases with one query per table, not one per case and field', async () => {
    const one = await readCases(caseIds.slice(0, 1));
    const all = await readCases(caseIds);

    // Every case and its nested lists come back right.
    expect(all.cases).toHaveLength(CASES);
    expect(all.cases.map((c) => c.id)).toEqual(caseIds);
    for (const [i, c] of all.cases.entries()) {
      expect(c.planningAudit).toMatchObject({ valid: true });
      expect(c.planningCancellation).toBeNull();
      if (i < WALKED) {
        expect(c).toMatchObject({ planningStatus: 'SCHEME_DRAFTED', survey: { surveyorId: 'surveyor-1' } });
        expect(c.survey.appointments).toHaveLength(1);
        expect(c.scheme).toMatchObject({ version: 1, status: 'DRAFTED', approvals: [{ level: 1, approvedBy: 'staff-1' }] });
        expect(c.schemeVersions).toEqual([{ version: 1, approvals: [{ level: 1 }] }]);
        expect(c.recommendedConstructionUnits).not.toBeNull();
      } else {
        expect(c).toMatchObject({ planningStatus: 'AWAITING_SURVEY', survey: null, scheme: null, schemeVersions: [], planningPauses: [] });
      }
    }

    // One statement per table read (cases, audit records, surveys, appointments, pauses, schemes, approvals,
    // recommendations, choices), however many cases are asked for.
    expect(all.queries.length).toBeLessThanOrEqual(12);
    expect(all.queries.length).toBeLessThanOrEqual(one.queries.length + 2);
    expect(all.queries.filter((q) => /FROM "planning_case"/.test(q))).toHaveLength(1);
  });

  it('reads nothing for ids that are no UUIDs, and shows a case only to whom may see it', async () => {
    const { cases, queries: sent } = await readCases(['not-a-uuid']);
    expect(cases).toEqual([expect.objectContaining({ id: 'not-a-uuid', planningStatus: null, survey: null })]);
    expect(sent.filter((q) => /FROM "planning_case"/.test(q))).toHaveLength(0);

    const stranger = await run.token({ sub: randomUUID(), roles: ['customer'] });
    const response = await graphql<{ _entities: Record<string, any>[] }>(
      service.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              id
              planningStatus
              survey {
                surveyorId
              }
            }
          }
        }
      `,
      { r: caseIds.slice(0, 3).map((id) => ({ __typename: 'Case', id })) },
      stranger,
    );
    expect(expectData(response)._entities).toEqual(caseIds.slice(0, 3).map((id) => ({ id, planningStatus: null, survey: null })));
  });
});
