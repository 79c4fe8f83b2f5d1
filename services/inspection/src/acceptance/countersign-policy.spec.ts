import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { DEFAULT_ORG, walksStage } from '@yekuo/policy';
import {
  COUNTERSIGN_DEPARTMENTS,
  countersignDepartments,
  decideAcceptance,
  reinspectionDepartments,
  SignatureFact,
} from './countersign-policy';

const pass = (department: string): SignatureFact => ({ department, result: 'PASS', items: [] });
const fail = (department: string, ...items: string[]): SignatureFact => ({ department, result: 'FAIL', items });

describe('countersign policy (data)', () => {
  it('names the sets of the brief per category', () => {
    expect(countersignDepartments('LV_NON_RESIDENTIAL')).toEqual(['marketing', 'metering', 'safety']);
    expect(countersignDepartments('HV_SINGLE_SOURCE')).toEqual(['marketing', 'operations', 'dispatch', 'metering', 'safety']);
    expect(countersignDepartments('HV_DUAL_SOURCE')).toEqual(['marketing', 'operations', 'dispatch', 'metering', 'safety']);
    expect(countersignDepartments('LV_RESIDENTIAL')).toEqual([]);
  });

  it('has a non-empty set exactly for the categories whose variant walks completion acceptance', () => {
    for (const category of CUSTOMER_CATEGORIES) {
      expect(COUNTERSIGN_DEPARTMENTS[category].length > 0).toBe(walksStage(category, 'COMPLETION_ACCEPTANCE'));
    }
  });

  it('uses only departments of the org data, each once per set', () => {
    const known = new Set(DEFAULT_ORG.departments.map((d) => d.id));
    for (const category of CUSTOMER_CATEGORIES) {
      const set = COUNTERSIGN_DEPARTMENTS[category];
      expect(set.filter((d) => !known.has(d))).toEqual([]);
      expect(new Set(set).size).toBe(set.length);
    }
  });
});

describe('decideAcceptance', () => {
  const required = ['marketing', 'metering', 'safety'];

  it('stays pending, naming who has not signed, until every required department has', () => {
    expect(decideAcceptance(required, [])).toEqual({ decided: false, pending: required });
    expect(decideAcceptance(required, [pass('metering'), fail('safety', 'no earthing')])).toEqual({
      decided: false,
      pending: ['marketing'],
    });
  });

  it('passes when every department passed, whatever the signing order', () => {
    expect(decideAcceptance(required, [pass('safety'), pass('marketing'), pass('metering')])).toEqual({ decided: true, result: 'PASSED' });
  });

  it('fails with every item of every failing department, in the order of the set', () => {
    const outcome = decideAcceptance(required, [
      fail('safety', 'no earthing', 'no fire extinguisher'),
      pass('metering'),
      fail('marketing', 'tariff sign missing'),
    ]);
    expect(outcome).toEqual({
      decided: true,
      result: 'FAILED',
      items: [
        { department: 'marketing', item: 'tariff sign missing' },
        { department: 'safety', item: 'no earthing' },
        { department: 'safety', item: 'no fire extinguisher' },
      ],
    });
  });

  it('ignores remarks of passing departments and signatures of departments outside the set', () => {
    expect(
      decideAcceptance(required, [pass('marketing'), { department: 'metering', result: 'PASS', items: ['seal later'] }, pass('safety')]),
    ).toEqual({
      decided: true,
      result: 'PASSED',
    });
    expect(decideAcceptance(['marketing'], [fail('dispatch', 'x')])).toEqual({ decided: false, pending: ['marketing'] });
    expect(decideAcceptance(['marketing'], [fail('dispatch', 'x'), pass('marketing')])).toEqual({ decided: true, result: 'PASSED' });
  });
});

describe('reinspectionDepartments', () => {
  it('names the departments that failed the round, in the order of the set, and no one else', () => {
    const required = ['marketing', 'metering', 'safety'];
    expect(reinspectionDepartments(required, [fail('safety', 'x'), pass('marketing'), fail('metering', 'y')])).toEqual([
      'metering',
      'safety',
    ]);
    expect(reinspectionDepartments(required, [pass('safety'), pass('marketing'), pass('metering')])).toEqual([]);
    expect(reinspectionDepartments(['metering'], [fail('dispatch', 'x'), fail('metering', 'y')])).toEqual(['metering']);
  });
});
