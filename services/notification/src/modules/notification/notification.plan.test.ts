import { derivedEventId } from '../escalation/escalation.timers';
import { type AudienceMember, type PlannedRule, planDeliveries } from './notification.plan';
import type { NotificationAudience } from './notification.vocabulary';

const ada: AudienceMember = {
  kind: 'person',
  userId: 'ada',
  name: 'Ada',
  email: 'ada@example.com',
  locale: 'en',
};
const noEmail: AudienceMember = { kind: 'person', userId: 'bob', name: 'Bob', email: null, locale: 'fr' };
const slack: AudienceMember = {
  kind: 'webhook',
  endpointId: 'e1',
  name: '#ops',
  format: 'SLACK',
  locale: 'en',
};

const rule = (
  id: string,
  audiences: NotificationAudience[],
  channels: PlannedRule['channels'],
): PlannedRule => ({
  id,
  audiences,
  channels,
  template: 'MAJOR_DECLARED',
});

describe('planning deliveries', () => {
  it('gives each (recipient, channel) one delivery, from the first rule and audience that reach it', () => {
    const members: Partial<Record<NotificationAudience, AudienceMember[]>> = {
      TECHNICAL_TEAM: [ada, slack],
      MANAGEMENT: [ada, noEmail],
    };
    const plans = planDeliveries(
      [
        rule('r1', ['TECHNICAL_TEAM'], ['IN_APP', 'EMAIL', 'WEBHOOK']),
        rule('r2', ['MANAGEMENT'], ['IN_APP', 'EMAIL']),
      ],
      (audience) => members[audience] ?? [],
    );
    expect(plans.map((p) => [p.recipientId, p.channel, p.ruleId, p.audience, p.destination])).toEqual([
      ['ada', 'IN_APP', 'r1', 'TECHNICAL_TEAM', null],
      ['ada', 'EMAIL', 'r1', 'TECHNICAL_TEAM', 'ada@example.com'],
      ['webhook:e1', 'WEBHOOK', 'r1', 'TECHNICAL_TEAM', 'e1'],
      // Bob has no email address: in-app only.
      ['bob', 'IN_APP', 'r2', 'MANAGEMENT', null],
    ]);
    expect(plans.find((p) => p.recipientId === 'bob')?.locale).toBe('fr');
    expect(plans.find((p) => p.channel === 'WEBHOOK')?.webhook).toEqual({
      endpointId: 'e1',
      format: 'SLACK',
    });
  });

  it('sends a webhook only to webhooks and a person only through personal channels', () => {
    const plans = planDeliveries([rule('r1', ['USERS'], ['WEBHOOK'])], () => [ada]);
    expect(plans).toEqual([]);
    const webhookOnly = planDeliveries([rule('r1', ['USERS'], ['IN_APP', 'EMAIL'])], () => [slack]);
    expect(webhookOnly).toEqual([]);
  });

  it('names a timer-caused delivery the same way every time, and differently per purpose', () => {
    const id = derivedEventId('7c6b5a49-3827-4165-8a4b-3c2d1e0f9a8b', 'escalate');
    expect(id).toBe(derivedEventId('7c6b5a49-3827-4165-8a4b-3c2d1e0f9a8b', 'escalate'));
    expect(id).not.toBe(derivedEventId('7c6b5a49-3827-4165-8a4b-3c2d1e0f9a8b', 'remind'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
