import { pickSurveyor, SURVEYOR_ROSTER } from './surveyor-roster';

describe('surveyor assignment', () => {
  it('picks the least loaded surveyor of the region, roster order among equals', () => {
    expect(pickSurveyor('310115', new Map())).toBe('surveyor-east-1');
    expect(
      pickSurveyor(
        '310115',
        new Map([
          ['surveyor-east-1', 2],
          ['surveyor-east-2', 1],
          ['surveyor-east-3', 1],
        ]),
      ),
    ).toBe('surveyor-east-2');
    expect(pickSurveyor('310115', new Map([['surveyor-east-1', 1]]))).toBe('surveyor-east-2');
    // Load elsewhere does not count.
    expect(
      pickSurveyor(
        '310104',
        new Map([
          ['surveyor-east-1', 0],
          ['surveyor-west-2', 3],
        ]),
      ),
    ).toBe('surveyor-west-3');
  });

  it('has nobody for a region without surveyors', () => {
    expect(pickSurveyor('999999', new Map())).toBeUndefined();
    expect(Object.keys(SURVEYOR_ROSTER).length).toBeGreaterThan(0);
  });
});
