import { DomainError } from '@mim/errors';
import { parseInput } from '@mim/service-kit';
import { ruleInput } from './rule.input';

/** The invalid fields `parseInput` reports, as `path: message` (none: valid). */
function problems(input: unknown): string[] {
  try {
    parseInput(ruleInput, input);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT') throw error;
    return (error.details.fields as Array<{ path: string; message: string }>).map(
      (f) => `${f.path}: ${f.message}`,
    );
  }
}

const minimal = {
  name: '  Users: service impacted  ',
  trigger: 'MAJOR_DECLARED',
  audiences: ['USERS'],
  channels: ['IN_APP'],
};

describe('notification rule input', () => {
  it('trims the name, defaults the rest (no conditions, template = trigger, enabled) and drops duplicates', () => {
    expect(
      parseInput(ruleInput, { ...minimal, audiences: ['USERS', 'USERS'], channels: ['EMAIL', 'EMAIL'] }),
    ).toEqual({
      name: 'Users: service impacted',
      trigger: 'MAJOR_DECLARED',
      priorities: [],
      majorOnly: false,
      services: [],
      categories: [],
      audiences: ['USERS'],
      channels: ['EMAIL'],
      template: 'MAJOR_DECLARED',
      enabled: true,
    });
    expect(
      parseInput(ruleInput, { ...minimal, priorities: null, enabled: null, template: null }),
    ).toMatchObject({
      priorities: [],
      enabled: true,
      template: 'MAJOR_DECLARED',
    });
  });

  it('needs a name, an audience and a channel', () => {
    expect(problems({ ...minimal, name: '   ', audiences: [], channels: [] })).toEqual([
      'name: must not be empty',
      'audiences: must name at least one audience',
      'channels: must name at least one channel',
    ]);
    expect(problems({ ...minimal, name: 'x'.repeat(101) })).toEqual(['name: must be at most 100 characters']);
  });

  it('takes priorities P1 to P5 only, and services and categories as non-empty names', () => {
    expect(problems({ ...minimal, priorities: ['P1', 'P5'] })).toEqual([]);
    expect(problems({ ...minimal, priorities: ['P0'] })).toEqual([expect.stringMatching(/^priorities\.0: /)]);
    expect(problems({ ...minimal, services: ['cdn', ' '] })).toEqual(['services.1: must not be empty']);
    expect(problems({ ...minimal, categories: [''] })).toEqual(['categories.0: must not be empty']);
    expect(problems({ ...minimal, audiences: ['EVERYONE'] })).toEqual([
      expect.stringMatching(/^audiences\.0: /),
    ]);
  });

  it('applies the cross-field rules (NEXT_TIER, WEBHOOK, template)', () => {
    expect(problems({ ...minimal, audiences: ['NEXT_TIER'] })).toEqual([
      expect.stringMatching(/^audiences: NEXT_TIER only applies/),
    ]);
    expect(problems({ ...minimal, audiences: ['REPORTER'], channels: ['WEBHOOK'] })).toEqual([
      expect.stringMatching(/^channels: WEBHOOK reaches stakeholder groups only/),
    ]);
    expect(problems({ ...minimal, template: 'RESPONSE_OVERDUE' })).toEqual([
      expect.stringMatching(/^template: /),
    ]);
    expect(
      problems({ ...minimal, trigger: 'RESPONSE_OVERDUE', audiences: ['NEXT_TIER'], channels: ['WEBHOOK'] }),
    ).toEqual([]);
  });
});
