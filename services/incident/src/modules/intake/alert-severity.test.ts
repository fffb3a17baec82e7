import { classify, parseSeverity } from './alert-severity';

describe('alert severity', () => {
  it.each([
    ['critical', 'critical'],
    ['CRIT', 'critical'],
    ['page', 'critical'],
    ['Warning', 'warning'],
    ['error', 'warning'],
    ['info', 'info'],
    ['none', 'info'],
    ['whatever', 'warning'],
    [undefined, 'warning'],
  ] as const)('reads %s as %s', (value, expected) => {
    expect(parseSeverity(value, 'warning')).toBe(expected);
  });

  it('maps severities through the documented table', () => {
    expect(classify('critical', {})).toEqual({ impact: 'SIGNIFICANT', urgency: 'CRITICAL' });
    expect(classify('warning', {})).toEqual({ impact: 'MODERATE', urgency: 'HIGH' });
    expect(classify('info', {})).toEqual({ impact: 'MINOR', urgency: 'LOW' });
  });

  it('takes valid impact and urgency labels over the mapping and ignores invalid ones', () => {
    expect(classify('info', { impact: ' Extensive ', urgency: 'critical' })).toEqual({
      impact: 'EXTENSIVE',
      urgency: 'CRITICAL',
    });
    expect(classify('info', { impact: 'huge' })).toEqual({ impact: 'MINOR', urgency: 'LOW' });
  });
});
