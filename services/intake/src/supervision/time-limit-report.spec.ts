import { buildReport, monthRange, rateOf, averageWorkingDays, reportCsv, REPORT_COLUMNS } from './time-limit-report';

describe("the regulator's report", () => {
  it('spans a month from 00:00 China Standard Time to 00:00 of the next, across the year end', () => {
    expect(monthRange('2026-11')).toEqual({ from: new Date('2026-10-31T16:00:00.000Z'), to: new Date('2026-11-30T16:00:00.000Z') });
    expect(monthRange('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00.000Z'), to: new Date('2026-12-31T16:00:00.000Z') });
    expect(monthRange('2027-02')?.to).toEqual(new Date('2027-02-28T16:00:00.000Z'));
    for (const bad of ['2026-13', '2026-00', '2026-1', '202611', '2026-11-01', '']) expect(monthRange(bad)).toBeUndefined();
  });

  it('counts a case by the China Standard Time day it happened on, not the UTC day', () => {
    const range = monthRange('2026-11')!;
    const report = buildReport(
      '2026-11',
      'shanghai',
      range,
      {
        cases: [
          // 31 October 23:30 in Beijing is still October; 1 December 00:10 is December, though both are 30/31 UTC.
          {
            caseId: 'a',
            category: 'LV_RESIDENTIAL',
            regionCode: '310104',
            acceptedAt: new Date('2026-10-31T23:30:00+08:00'),
            energizedAt: null,
          },
          {
            caseId: 'b',
            category: 'LV_RESIDENTIAL',
            regionCode: '310104',
            acceptedAt: new Date('2026-11-01T00:00:00+08:00'),
            energizedAt: new Date('2026-12-01T00:10:00+08:00'),
          },
          {
            caseId: 'c',
            category: 'LV_RESIDENTIAL',
            regionCode: '310104',
            acceptedAt: null,
            energizedAt: new Date('2026-11-30T23:59:59+08:00'),
          },
        ],
        endToEnd: [],
        links: [],
        breaches: [],
      },
      () => true,
    );
    expect(report.categories[0]).toMatchObject({ category: 'LV_RESIDENTIAL', accepted: 1, energized: 1 });
  });

  it('shows an unknown rate or average as null, never 0, and lists every category', () => {
    expect(rateOf(0, 0)).toBeNull();
    expect(rateOf(0, 3)).toBe(0);
    expect(rateOf(2, 4)).toBe(0.5);
    expect(averageWorkingDays([])).toBeNull();
    expect(averageWorkingDays([0])).toBe(0);
    expect(averageWorkingDays([86_400, 2 * 86_400])).toBe(1.5);
    expect(averageWorkingDays([86_400, 0, 0])).toBe(0.33);

    const range = monthRange('2026-11')!;
    const energizedAt = new Date('2026-11-10T10:00:00+08:00');
    const report = buildReport(
      '2026-11',
      'shanghai',
      range,
      {
        cases: [
          { caseId: 'measured', category: 'LV_RESIDENTIAL', regionCode: '310104', acceptedAt: null, energizedAt },
          // Accepted before the reform's limits: energized, but its clock has no limit and is not measured.
          { caseId: 'pre-reform', category: 'HV_SINGLE_SOURCE', regionCode: '310104', acceptedAt: null, energizedAt },
          { caseId: 'elsewhere', category: 'LV_RESIDENTIAL', regionCode: '440300', acceptedAt: null, energizedAt },
        ],
        endToEnd: [
          { caseId: 'measured', onTime: false, utilitySeconds: 4 * 86_400, customerSeconds: 86_400 },
          { caseId: 'elsewhere', onTime: true, utilitySeconds: 86_400, customerSeconds: 0 },
        ],
        links: [
          { regionCode: '310104', category: 'LV_RESIDENTIAL', stage: 'ACCEPTANCE', stopped: 2, onTime: 1 },
          { regionCode: '310105', category: 'LV_RESIDENTIAL', stage: 'ACCEPTANCE', stopped: 1, onTime: 1 },
          { regionCode: '440300', category: 'LV_RESIDENTIAL', stage: 'ACCEPTANCE', stopped: 5, onTime: 0 },
        ],
        breaches: [],
      },
      (regionCode) => regionCode.startsWith('31'),
    );
    expect(report.categories.map((row) => row.category)).toEqual([
      'LV_RESIDENTIAL',
      'LV_NON_RESIDENTIAL',
      'HV_SINGLE_SOURCE',
      'HV_DUAL_SOURCE',
    ]);
    expect(report.categories[0]).toMatchObject({
      energized: 1,
      endToEndMeasured: 1,
      endToEndOnTime: 0,
      endToEndOnTimeRate: 0,
      averageUtilityWorkingDays: 4,
      averageCustomerWorkingDays: 1,
      links: [{ stage: 'ACCEPTANCE', stopped: 3, onTime: 2, rate: 2 / 3 }],
    });
    expect(report.categories[2]).toMatchObject({
      energized: 1,
      endToEndMeasured: 0,
      endToEndOnTimeRate: null,
      averageUtilityWorkingDays: null,
      averageCustomerWorkingDays: null,
      links: [],
    });
    expect(report.categories[3]).toMatchObject({ accepted: 0, energized: 0, endToEndOnTimeRate: null, links: [], breaches: [] });

    // In the CSV an unknown rate is an empty cell; 0 stays 0.
    const csv = reportCsv(report).toString('utf8');
    expect(csv.startsWith('\uFEFFCategory,')).toBe(true);
    const [header, lvResidential, , hvSingle] = csv
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(header).toEqual(REPORT_COLUMNS);
    expect(lvResidential.slice(0, 8)).toEqual(['LV_RESIDENTIAL', '0', '1', '1', '0', '0', '4', '1']);
    expect(hvSingle.slice(0, 8)).toEqual(['HV_SINGLE_SOURCE', '0', '1', '0', '0', '', '', '']);
  });
});
