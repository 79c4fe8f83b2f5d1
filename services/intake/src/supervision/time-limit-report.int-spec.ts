import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { AmqpEventsServer, ErrorCode } from '@yekuo/platform';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, Role } from '@yekuo/events';
import {
  expectData,
  graphql,
  InProcessService,
  startServiceInProcess,
  subgraphFetch,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { intakeService } from '../intake.service-definition';

jest.setTimeout(120_000);

/**
 * The regulator's report on a seeded November 2026: cases on the real database, their clocks
 * projected from time-limit events on the real broker (hand-set times, China Standard Time), and
 * every cell of the report, the CSV and the xlsx compared with values worked out by hand below.
 */

type Service = 'intake' | 'planning' | 'inspection' | 'metering';
type Kind = 'started' | 'warned' | 'breached' | 'stopped' | 'paused' | 'resumed' | 'relimited';
type Stage = EventPayload<'intake.timelimit.started.v2'>['stage'];

const SHANGHAI = '310104';
/** Shenzhen: no overlay, the national default. */
const NATIONAL_REGION = '440300';
const DAY = 86_400;
/** The link stages, in the column order of the downloads. */
const LINKS = [
  'SUPPLY_SCHEME',
  'DESIGN_REVIEW',
  'INTERMEDIATE_INSPECTION',
  'COMPLETION_ACCEPTANCE',
  'ENERGIZATION',
  'EXTERNAL_WORKS',
  'ACCEPTANCE',
  'CONTRACT_DRAFTING',
  'INVOICING',
  'METER_INSTALLATION',
];

const REPORT = `query ($month: String!, $jurisdiction: String!) {
  timeLimitReport(month: $month, jurisdiction: $jurisdiction) {
    month jurisdiction from to
    categories {
      category accepted energized endToEndMeasured endToEndOnTime endToEndOnTimeRate
      links { stage stopped onTime rate }
      averageUtilityWorkingDays averageCustomerWorkingDays
      breaches { caseNumber stage round deadline breachedAt }
    }
  }
}`;
const FILE = `query ($month: String!, $jurisdiction: String!, $format: ReportFormat!) {
  timeLimitReportFile(month: $month, jurisdiction: $jurisdiction, format: $format) { fileName contentType base64 }
}`;

const ACTOR: Record<Service, { id: string; role: Role }> = {
  intake: { id: 'clerk-1', role: 'intake-clerk' },
  planning: { id: 'planner-1', role: 'planner' },
  inspection: { id: 'inspector-1', role: 'inspector' },
  metering: { id: 'technician-1', role: 'metering-technician' },
};

/** A minimal RFC 4180 reader: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += ch;
  }
  return rows;
}

let caseCounter = 700;

describe("the regulator's time-limit report (in process, real PostgreSQL and RabbitMQ)", () => {
  const run = new TestRun();
  let intake: InProcessService;
  let bus: TestPublisher;
  let db: DataSource;
  let supervisor: string;
  const published: CloudEvent[] = [];

  interface SeededCase {
    caseId: string;
    caseNumber: string;
    customerId: string;
    category: CustomerCategory;
    policyVersion: string;
  }

  /** A case as intake holds it: its region, acceptance and power-on. */
  const seedCase = async (
    category: CustomerCategory,
    regionCode: string,
    acceptedAt: string | null,
    energizedAt: string | null,
    policyVersion = '2024-12',
  ): Promise<SeededCase> => {
    caseCounter += 1;
    const c = {
      caseId: randomUUID(),
      caseNumber: `YK-2026-${String(caseCounter).padStart(6, '0')}`,
      customerId: randomUUID(),
      category,
      policyVersion,
    };
    await db.query(`INSERT INTO customer (id, name, id_type) VALUES ($1, '赵六', 'RESIDENT_ID')`, [c.customerId]);
    await db.query(
      `INSERT INTO connection_case (id, number, customer_id, category, business_type, status, policy_version, application, region_code, accepted_at, energized_at)
       VALUES ($1, $2, $3, $4, 'NEW_CONNECTION', 'ACCEPTED', $5, '{}', $6, $7, $8)`,
      [c.caseId, c.caseNumber, c.customerId, category, policyVersion, regionCode, acceptedAt, energizedAt],
    );
    return c;
  };

  /** One clock of a case: its events, each `[kind, at, extra terms]`, dated at their hand-set instants. */
  const clock = (
    c: SeededCase,
    service: Service,
    stage: Stage,
    terms: { limitDays: number; deadline: string },
    events: [Kind, string, Record<string, unknown>?][],
  ) => {
    const base = {
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      customerId: c.customerId,
      category: c.category,
      policyVersion: c.policyVersion,
      actor: ACTOR[service],
      clockId: randomUUID(),
      stage,
      limitDays: terms.limitDays,
      targetDays: terms.limitDays,
      provisional: false,
      deadline: new Date(terms.deadline).toISOString(),
      targetDeadline: new Date(terms.deadline).toISOString(),
    };
    for (const [kind, at, extra] of events) {
      const data = { ...base, at: new Date(at).toISOString(), ...extra };
      if (typeof data.deadline === 'string') data.targetDeadline = data.deadline;
      published.push(
        // Every service's clock events share one payload; the type names the service and the kind.
        createEvent(`${service}.timelimit.${kind}.v2` as 'intake.timelimit.started.v2', data as never, {
          source: `/yekuo/${service}`,
          time: new Date(at),
        }),
      );
    }
  };

  const cst = (local: string) => new Date(`${local}+08:00`).toISOString();

  beforeAll(async () => {
    Object.assign(process.env, { PII_DEV_KEY_DIR: run.keyDir, DOCUMENTS_DIR: join(run.keyDir, 'documents') });
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    db = intake.app.get(DataSource);
    supervisor = await run.token({ sub: 'supervisor-1', roles: ['supervisor'] });
  });

  afterAll(async () => {
    for (const variable of ['PII_DEV_KEY_DIR', 'DOCUMENTS_DIR']) delete process.env[variable];
    await bus?.close();
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  it('reports November per category, end to end and per link, and the downloads carry the same cells', async () => {
    // A: residential, on time end to end (2 working days of utility time, never paused).
    const a = await seedCase('LV_RESIDENTIAL', SHANGHAI, cst('2026-11-02T10:00:00'), cst('2026-11-04T15:00:00'));
    clock(a, 'intake', 'ACCEPTANCE', { limitDays: 1, deadline: cst('2026-11-03T00:00:00') }, [
      ['started', cst('2026-11-02T09:00:00')],
      ['stopped', cst('2026-11-02T10:00:00'), { onTime: true, utilitySeconds: 3600, customerSeconds: 0 }],
    ]);
    clock(a, 'intake', 'END_TO_END', { limitDays: 3, deadline: cst('2026-11-06T00:00:00') }, [
      ['started', cst('2026-11-02T10:00:00')],
      ['stopped', cst('2026-11-04T15:00:00'), { onTime: true, utilitySeconds: 2 * DAY, customerSeconds: 0 }],
    ]);

    // B: residential accepted in October, paused a day waiting on the customer, breached end to end on 5 November,
    // energized on the 10th; its meter was installed late without a breach announced (crossed at its deadline).
    const b = await seedCase('LV_RESIDENTIAL', SHANGHAI, cst('2026-10-28T10:00:00'), cst('2026-11-10T11:00:00'));
    clock(b, 'intake', 'ACCEPTANCE', { limitDays: 1, deadline: cst('2026-10-29T00:00:00') }, [
      ['started', cst('2026-10-28T09:00:00')],
      ['stopped', cst('2026-10-28T10:00:00'), { onTime: true, utilitySeconds: 3600, customerSeconds: 0 }],
    ]);
    clock(b, 'intake', 'END_TO_END', { limitDays: 3, deadline: cst('2026-11-04T00:00:00') }, [
      ['started', cst('2026-10-28T10:00:00'), { deadline: cst('2026-11-02T00:00:00') }],
      ['paused', cst('2026-10-29T10:00:00'), { reason: 'Every open action waits on the customer: Confirm the scheme' }],
      ['resumed', cst('2026-10-30T10:00:00'), { deadline: cst('2026-11-05T00:00:00'), pausedSeconds: DAY }],
      ['breached', cst('2026-11-05T00:00:00'), { deadline: cst('2026-11-05T00:00:00'), measure: 'LIMIT' }],
      [
        'stopped',
        cst('2026-11-10T11:00:00'),
        { deadline: cst('2026-11-05T00:00:00'), onTime: false, utilitySeconds: 5 * DAY, customerSeconds: DAY },
      ],
    ]);
    clock(b, 'metering', 'METER_INSTALLATION', { limitDays: 2, deadline: cst('2026-11-09T00:00:00') }, [
      ['started', cst('2026-11-05T09:00:00')],
      ['stopped', cst('2026-11-10T10:00:00'), { onTime: false, utilitySeconds: 3 * DAY, customerSeconds: 0 }],
    ]);

    // C: non-residential with external works: the limit moves from 5 to 15 days, three days paused, on time.
    const c = await seedCase('LV_NON_RESIDENTIAL', SHANGHAI, cst('2026-11-03T09:00:00'), cst('2026-11-20T16:00:00'));
    clock(c, 'intake', 'END_TO_END', { limitDays: 5, deadline: cst('2026-11-10T00:00:00') }, [
      ['started', cst('2026-11-03T09:00:00')],
      ['relimited', cst('2026-11-06T10:00:00'), { limitDays: 15, targetDays: 15, deadline: cst('2026-11-24T00:00:00') }],
      ['paused', cst('2026-11-07T10:00:00'), { limitDays: 15, targetDays: 15, deadline: cst('2026-11-24T00:00:00') }],
      ['resumed', cst('2026-11-10T10:00:00'), { limitDays: 15, targetDays: 15, deadline: cst('2026-11-27T00:00:00') }],
      [
        'stopped',
        cst('2026-11-20T16:00:00'),
        {
          limitDays: 15,
          targetDays: 15,
          deadline: cst('2026-11-27T00:00:00'),
          onTime: true,
          utilitySeconds: 12 * DAY,
          customerSeconds: 3 * DAY,
        },
      ],
    ]);
    clock(c, 'planning', 'EXTERNAL_WORKS', { limitDays: 10, deadline: cst('2026-11-21T00:00:00') }, [
      ['started', cst('2026-11-06T10:00:00')],
      ['stopped', cst('2026-11-18T17:00:00'), { onTime: true, utilitySeconds: 8 * DAY, customerSeconds: 0 }],
    ]);

    // D: non-residential without external works, accepted on the 5th and still running.
    const d = await seedCase('LV_NON_RESIDENTIAL', SHANGHAI, cst('2026-11-05T14:00:00'), null);
    clock(d, 'intake', 'ACCEPTANCE', { limitDays: 1, deadline: cst('2026-11-06T00:00:00') }, [
      ['started', cst('2026-11-05T13:00:00')],
      ['stopped', cst('2026-11-05T14:00:00'), { onTime: true, utilitySeconds: 3600, customerSeconds: 0 }],
    ]);
    clock(d, 'intake', 'END_TO_END', { limitDays: 5, deadline: cst('2026-11-12T00:00:00') }, [['started', cst('2026-11-05T14:00:00')]]);

    // E: HV accepted in September under the pre-reform list: its END_TO_END clock has no limit, so no projection;
    // its completion acceptance breached on the 19th.
    const e = await seedCase('HV_SINGLE_SOURCE', SHANGHAI, cst('2026-09-01T10:00:00'), cst('2026-11-25T10:00:00'), '2020-01');
    clock(e, 'inspection', 'COMPLETION_ACCEPTANCE', { limitDays: 5, deadline: cst('2026-11-19T00:00:00') }, [
      ['started', cst('2026-11-12T09:00:00')],
      ['breached', cst('2026-11-19T00:00:00'), { measure: 'LIMIT' }],
      ['stopped', cst('2026-11-20T09:00:00'), { onTime: false, utilitySeconds: 7 * DAY, customerSeconds: 0 }],
    ]);

    // G: accepted at 23:59 on 30 November (CST; 15:59 UTC) and energized ten minutes into December: accepted, not energized.
    const g = await seedCase('LV_RESIDENTIAL', SHANGHAI, cst('2026-11-30T23:59:00'), cst('2026-12-01T00:10:00'));
    clock(g, 'intake', 'END_TO_END', { limitDays: 3, deadline: cst('2026-12-04T00:00:00') }, [
      ['started', cst('2026-11-30T23:59:00')],
      ['stopped', cst('2026-12-01T00:10:00'), { onTime: true, utilitySeconds: 600, customerSeconds: 0 }],
    ]);
    // Accepted at 23:30 on 31 October (CST): an October case.
    await seedCase('LV_RESIDENTIAL', SHANGHAI, cst('2026-10-31T23:30:00'), null);

    // H: a Shenzhen case (national default), late end to end: outside Shanghai's report.
    const h = await seedCase('LV_RESIDENTIAL', NATIONAL_REGION, cst('2026-11-03T10:00:00'), cst('2026-11-09T10:00:00'));
    clock(h, 'intake', 'END_TO_END', { limitDays: 3, deadline: cst('2026-11-06T00:00:00') }, [
      ['started', cst('2026-11-03T10:00:00')],
      ['breached', cst('2026-11-06T00:00:00'), { measure: 'LIMIT' }],
      ['stopped', cst('2026-11-09T10:00:00'), { onTime: false, utilitySeconds: 4 * DAY, customerSeconds: 0 }],
    ]);

    await bus.publish(...published);
    const server = intake.app.get(AmqpEventsServer);
    await waitFor('every time-limit event handled', () => server.stats.handled >= published.length, 30_000);

    const report = expectData(
      await graphql(intake.url, REPORT, { month: '2026-11', jurisdiction: 'shanghai' }, supervisor),
    ).timeLimitReport;
    expect(report).toMatchObject({
      month: '2026-11',
      jurisdiction: 'shanghai',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    // By hand: LV residential accepted A and G (B in October, the 23:30 case on 31 October), energized A and B (G in
    // December), both measured, A on time: 1/2; utility (2 + 5) / 2 = 3.5 days, customer (0 + 1) / 2 = 0.5.
    expect(report.categories).toEqual([
      {
        category: 'LV_RESIDENTIAL',
        accepted: 2,
        energized: 2,
        endToEndMeasured: 2,
        endToEndOnTime: 1,
        endToEndOnTimeRate: 0.5,
        links: [
          { stage: 'ACCEPTANCE', stopped: 1, onTime: 1, rate: 1 },
          { stage: 'METER_INSTALLATION', stopped: 1, onTime: 0, rate: 0 },
        ],
        averageUtilityWorkingDays: 3.5,
        averageCustomerWorkingDays: 0.5,
        breaches: [
          {
            caseNumber: b.caseNumber,
            stage: 'END_TO_END',
            round: null,
            deadline: cst('2026-11-05T00:00:00'),
            breachedAt: cst('2026-11-05T00:00:00'),
          },
          {
            caseNumber: b.caseNumber,
            stage: 'METER_INSTALLATION',
            round: null,
            deadline: cst('2026-11-09T00:00:00'),
            breachedAt: cst('2026-11-09T00:00:00'),
          },
        ],
      },
      {
        // C and D accepted, C energized on time with external works: 12 days utility, 3 paused.
        category: 'LV_NON_RESIDENTIAL',
        accepted: 2,
        energized: 1,
        endToEndMeasured: 1,
        endToEndOnTime: 1,
        endToEndOnTimeRate: 1,
        links: [
          { stage: 'EXTERNAL_WORKS', stopped: 1, onTime: 1, rate: 1 },
          { stage: 'ACCEPTANCE', stopped: 1, onTime: 1, rate: 1 },
        ],
        averageUtilityWorkingDays: 12,
        averageCustomerWorkingDays: 3,
        breaches: [],
      },
      {
        // E energized, but pre-reform: no end-to-end limit, nothing measured; rates and averages unknown.
        category: 'HV_SINGLE_SOURCE',
        accepted: 0,
        energized: 1,
        endToEndMeasured: 0,
        endToEndOnTime: 0,
        endToEndOnTimeRate: null,
        links: [{ stage: 'COMPLETION_ACCEPTANCE', stopped: 1, onTime: 0, rate: 0 }],
        averageUtilityWorkingDays: null,
        averageCustomerWorkingDays: null,
        breaches: [
          {
            caseNumber: e.caseNumber,
            stage: 'COMPLETION_ACCEPTANCE',
            round: null,
            deadline: cst('2026-11-19T00:00:00'),
            breachedAt: cst('2026-11-19T00:00:00'),
          },
        ],
      },
      {
        category: 'HV_DUAL_SOURCE',
        accepted: 0,
        energized: 0,
        endToEndMeasured: 0,
        endToEndOnTime: 0,
        endToEndOnTimeRate: null,
        links: [],
        averageUtilityWorkingDays: null,
        averageCustomerWorkingDays: null,
        breaches: [],
      },
    ]);

    // The national default holds the Shenzhen case alone: a rate of 0 (measured, late), not null.
    const national = expectData(
      await graphql(intake.url, REPORT, { month: '2026-11', jurisdiction: 'national' }, supervisor),
    ).timeLimitReport;
    expect(national.categories[0]).toMatchObject({
      category: 'LV_RESIDENTIAL',
      accepted: 1,
      energized: 1,
      endToEndMeasured: 1,
      endToEndOnTime: 0,
      endToEndOnTimeRate: 0,
      averageUtilityWorkingDays: 4,
      averageCustomerWorkingDays: 0,
      breaches: [{ caseNumber: h.caseNumber, stage: 'END_TO_END' }],
    });

    // The same cells in both downloads, by hand: empty where the report says null.
    const links = (rates: Record<string, number>) => LINKS.map((stage) => rates[stage] ?? '');
    const header = [
      'Category',
      'Accepted',
      'Energized',
      'End-to-end measured',
      'End-to-end on time',
      'End-to-end on-time rate',
      'Average utility working days',
      'Average customer working days',
      ...LINKS.map((stage) => `On-time rate ${stage}`),
      'Breaches',
    ];
    const expected: (string | number)[][] = [
      header,
      [
        'LV_RESIDENTIAL',
        2,
        2,
        2,
        1,
        0.5,
        3.5,
        0.5,
        ...links({ ACCEPTANCE: 1, METER_INSTALLATION: 0 }),
        `${b.caseNumber} (END_TO_END), ${b.caseNumber} (METER_INSTALLATION)`,
      ],
      ['LV_NON_RESIDENTIAL', 2, 1, 1, 1, 1, 12, 3, ...links({ EXTERNAL_WORKS: 1, ACCEPTANCE: 1 }), ''],
      ['HV_SINGLE_SOURCE', 0, 1, 0, 0, '', '', '', ...links({ COMPLETION_ACCEPTANCE: 0 }), `${e.caseNumber} (COMPLETION_ACCEPTANCE)`],
      ['HV_DUAL_SOURCE', 0, 0, 0, 0, '', '', '', ...links({}), ''],
    ];

    const csvFile = expectData(
      await graphql(intake.url, FILE, { month: '2026-11', jurisdiction: 'shanghai', format: 'CSV' }, supervisor),
    ).timeLimitReportFile;
    expect(csvFile).toMatchObject({ fileName: 'time-limits-shanghai-2026-11.csv', contentType: 'text/csv; charset=utf-8' });
    const csvBytes = Buffer.from(csvFile.base64, 'base64');
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(csvBytes.toString('utf8').slice(1))).toEqual(expected.map((row) => row.map(String)));

    const auditor = await run.token({ sub: 'auditor-1', roles: ['auditor'] });
    const xlsxFile = expectData(
      await graphql(intake.url, FILE, { month: '2026-11', jurisdiction: 'shanghai', format: 'XLSX' }, auditor),
    ).timeLimitReportFile;
    expect(xlsxFile).toMatchObject({
      fileName: 'time-limits-shanghai-2026-11.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(xlsxFile.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('shanghai 2026-11');
    const cells: (string | number)[][] = [];
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      cells.push(header.map((_, i) => (row.getCell(i + 1).value as string | number | null) ?? ''));
    }
    expect(cells).toEqual(expected);
  });

  it('answers supervisors and auditors only, and names the month and the jurisdiction at fault', async () => {
    for (const roles of [['customer'], ['planner'], ['admin']] as Role[][]) {
      const token = await run.token({ sub: randomUUID(), roles });
      const refused = await graphql(intake.url, REPORT, { month: '2026-11', jurisdiction: 'shanghai' }, token);
      expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.FORBIDDEN);
      const refusedFile = await graphql(intake.url, FILE, { month: '2026-11', jurisdiction: 'shanghai', format: 'CSV' }, token);
      expect(refusedFile.errors?.[0].extensions?.code).toBe(ErrorCode.FORBIDDEN);
    }
    const invalid = await graphql(intake.url, REPORT, { month: '2026-13', jurisdiction: 'beijing' }, supervisor);
    expect(invalid.errors?.[0].extensions?.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(invalid.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual(['jurisdiction', 'month']);
    const badMonth = await graphql(intake.url, FILE, { month: '2026-1', jurisdiction: 'national', format: 'XLSX' }, supervisor);
    expect(badMonth.errors?.[0].extensions?.fields).toEqual([{ field: 'month', message: 'must be a month, YYYY-MM' }]);
  });

  describe('GET /reports/time-limits', () => {
    const download = (query: string, token?: string) =>
      subgraphFetch(new URL(`/reports/time-limits?${query}`, intake.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it("sends the very files timeLimitReportFile encodes, with the download's headers", async () => {
      // An xlsx carries the time it was written (in its properties and its zip entries): both files are
      // written under one frozen clock, so equal bytes show they come from the same code.
      jest.useFakeTimers({
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        for (const [format, param] of [
          ['CSV', 'csv'],
          ['XLSX', 'xlsx'],
        ]) {
          const file = expectData(
            await graphql(intake.url, FILE, { month: '2026-11', jurisdiction: 'shanghai', format }, supervisor),
          ).timeLimitReportFile;
          const response = await download(`month=2026-11&jurisdiction=shanghai&format=${param}`, supervisor);
          expect(response.status).toBe(200);
          expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(file.base64, 'base64'))).toBe(true);
          expect({
            type: response.headers.get('content-type'),
            disposition: response.headers.get('content-disposition'),
            nosniff: response.headers.get('x-content-type-options'),
          }).toEqual({
            type: file.contentType,
            disposition: `attachment; filename="time-limits-shanghai-2026-11.${param}"`,
            nosniff: 'nosniff',
          });
        }
      } finally {
        jest.useRealTimers();
      }
    });

    it('answers supervisors and auditors only, and names every parameter at fault as JSON', async () => {
      const query = 'month=2026-11&jurisdiction=shanghai&format=csv';
      expect((await download(query, await run.token({ sub: 'auditor-2', roles: ['auditor'] }))).status).toBe(200);
      for (const roles of [['customer'], ['planner'], ['admin']] as Role[][]) {
        const refused = await download(query, await run.token({ sub: randomUUID(), roles }));
        expect(refused.status).toBe(403);
        expect(await refused.json()).toMatchObject({ code: ErrorCode.FORBIDDEN });
      }
      expect((await download(query)).status).toBe(401);

      const badMonth = await download('month=2026-1&jurisdiction=national&format=xlsx', supervisor);
      expect(badMonth.status).toBe(400);
      expect(await badMonth.json()).toMatchObject({
        code: ErrorCode.VALIDATION_FAILED,
        fields: [{ field: 'month', message: 'must be a month, YYYY-MM' }],
      });
      const allWrong = await download('month=2026-11&month=2026-12&jurisdiction=beijing&format=pdf', supervisor);
      expect(allWrong.status).toBe(400);
      expect(((await allWrong.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([
        'month',
        'jurisdiction',
        'format',
      ]);
    });
  });
});
