import { notificationTriggers } from '../notification/notification.vocabulary';
import { templateFitsTrigger } from '../template/template.catalogue';
import { type IncidentConditions, type RuleConditions, ruleMatches, ruleTargetProblems } from './rule.domain';

const anyIncident: RuleConditions = { priorities: [], majorOnly: false, services: [], categories: [] };
const incident: IncidentConditions = {
  priority: 'P2',
  major: false,
  services: ['checkout', 'cdn'],
  category: 'network',
};

describe('ruleMatches', () => {
  it('matches anything when every condition list is empty and majorOnly is off', () => {
    expect(ruleMatches(anyIncident, incident)).toBe(true);
    expect(ruleMatches(anyIncident, { priority: null, major: false, services: [], category: null })).toBe(
      true,
    );
  });

  it('matches a listed priority only', () => {
    expect(ruleMatches({ ...anyIncident, priorities: ['P1', 'P2'] }, incident)).toBe(true);
    expect(ruleMatches({ ...anyIncident, priorities: ['P1'] }, incident)).toBe(false);
    expect(ruleMatches({ ...anyIncident, priorities: ['P1'] }, { ...incident, priority: null })).toBe(false);
  });

  it('with majorOnly, matches major incidents only', () => {
    expect(ruleMatches({ ...anyIncident, majorOnly: true }, incident)).toBe(false);
    expect(ruleMatches({ ...anyIncident, majorOnly: true }, { ...incident, major: true })).toBe(true);
  });

  it('matches when the services overlap', () => {
    expect(ruleMatches({ ...anyIncident, services: ['cdn', 'dns'] }, incident)).toBe(true);
    expect(ruleMatches({ ...anyIncident, services: ['dns'] }, incident)).toBe(false);
    expect(ruleMatches({ ...anyIncident, services: ['dns'] }, { ...incident, services: [] })).toBe(false);
  });

  it('matches a listed category only', () => {
    expect(ruleMatches({ ...anyIncident, categories: ['network'] }, incident)).toBe(true);
    expect(ruleMatches({ ...anyIncident, categories: ['hardware'] }, incident)).toBe(false);
    expect(ruleMatches({ ...anyIncident, categories: ['network'] }, { ...incident, category: null })).toBe(
      false,
    );
  });

  it('needs every condition at once', () => {
    const rule: RuleConditions = {
      priorities: ['P1'],
      majorOnly: true,
      services: ['cdn'],
      categories: ['network'],
    };
    const major = { ...incident, priority: 'P1', major: true };
    expect(ruleMatches(rule, major)).toBe(true);
    expect(ruleMatches(rule, { ...major, priority: 'P2' })).toBe(false);
    expect(ruleMatches(rule, { ...major, major: false })).toBe(false);
    expect(ruleMatches(rule, { ...major, services: ['dns'] })).toBe(false);
    expect(ruleMatches(rule, { ...major, category: 'software' })).toBe(false);
  });
});

describe('ruleTargetProblems', () => {
  const valid = {
    trigger: 'MAJOR_DECLARED',
    audiences: ['TECHNICAL_TEAM'],
    channels: ['IN_APP', 'WEBHOOK'],
    template: 'MAJOR_DECLARED',
  } as const;

  it('accepts the default kinds of rule', () => {
    expect(ruleTargetProblems(valid)).toEqual([]);
    expect(
      ruleTargetProblems({
        trigger: 'RESPONSE_OVERDUE',
        audiences: ['NEXT_TIER'],
        channels: ['WEBHOOK'],
        template: 'RESPONSE_OVERDUE',
      }),
    ).toEqual([]);
  });

  it('refuses NEXT_TIER outside the escalation triggers', () => {
    expect(ruleTargetProblems({ ...valid, audiences: ['NEXT_TIER'] })).toEqual([
      { path: 'audiences', message: expect.stringContaining('NEXT_TIER') },
    ]);
    expect(
      ruleTargetProblems({
        trigger: 'ESCALATED_TO_MANAGER',
        audiences: ['NEXT_TIER'],
        channels: ['IN_APP'],
        template: 'ESCALATED_TO_MANAGER',
      }),
    ).toEqual([]);
  });

  it('refuses WEBHOOK when no audience is made of stakeholder groups', () => {
    expect(ruleTargetProblems({ ...valid, audiences: ['REPORTER', 'ASSIGNEE'] })).toEqual([
      { path: 'channels', message: expect.stringContaining('WEBHOOK') },
    ]);
    expect(ruleTargetProblems({ ...valid, audiences: ['REPORTER', 'USERS'] })).toEqual([]);
  });

  it('refuses a template that needs facts the trigger does not have', () => {
    expect(ruleTargetProblems({ ...valid, template: 'STATUS_UPDATE_PUBLISHED' })).toEqual([
      { path: 'template', message: expect.stringContaining('STATUS_UPDATE_PUBLISHED') },
    ]);
  });
});

describe('templateFitsTrigger', () => {
  it('fits every trigger with its own template', () => {
    for (const trigger of notificationTriggers) expect(templateFitsTrigger(trigger, trigger)).toBe(true);
  });

  it('fits templates of incident facts anywhere, and trigger-specific ones only where their facts are', () => {
    expect(templateFitsTrigger('INCIDENT_RESOLVED', 'STATUS_UPDATE_OVERDUE')).toBe(true);
    expect(templateFitsTrigger('ESCALATED_TO_MANAGER', 'RESPONSE_OVERDUE')).toBe(true);
    expect(templateFitsTrigger('STATUS_UPDATE_OVERDUE', 'MAJOR_DECLARED')).toBe(false);
    expect(templateFitsTrigger('RESPONSE_OVERDUE', 'INCIDENT_CREATED')).toBe(false);
  });
});
