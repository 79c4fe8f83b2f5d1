import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStepLabel, stepLabel } from './steps';

const catalog = readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8');
const eventTypes = [...new Set([...catalog.matchAll(/^ {2}([a-z]+\.[a-z.]+\.v\d+):/gm)].map((m) => m[1]))];

describe('journey step labels', () => {
  it('has words for every event of the catalog (docs/asyncapi.yaml)', () => {
    expect(eventTypes.length).toBeGreaterThan(50);
    expect(eventTypes.filter((type) => !hasStepLabel(type))).toEqual([]);
  });

  it('reads every version and service of a shared kind alike, in both languages', () => {
    expect(stepLabel('zh-CN', 'intake.timelimit.started.v2', 'x')).toBe('时限开始计时');
    expect(stepLabel('en', 'planning.timelimit.started.v1', 'x')).toBe('Time limit started');
    expect(stepLabel('en', 'metering.case.cancelled.v1', 'x')).toBe('Stage closed after withdrawal');
    expect(stepLabel('zh-CN', 'intake.application.submitted.v1', 'x')).toBe('提交用电申请');
    expect(stepLabel('en', 'someone.new.thing.v1', 'A new thing')).toBe('A new thing');
  });
});
