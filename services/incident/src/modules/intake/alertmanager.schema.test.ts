import firing from './fixtures/alertmanager-firing.json';
import resolved from './fixtures/alertmanager-resolved.json';
import { alertmanagerWebhookSchema } from './alertmanager.schema';
import { genericAlertPayloadSchema } from './generic-alert.schema';

const clone = <T>(value: T): T => structuredClone(value);

/** The fixture loosened so a test can break it. */
type Payload = {
  [key: string]: unknown;
  alerts: { [key: string]: unknown; labels?: Record<string, unknown> }[];
};

describe('alertmanagerWebhookSchema', () => {
  it('accepts the payloads captured from Alertmanager 0.25', () => {
    const parsed = alertmanagerWebhookSchema.parse(firing);
    expect(parsed.alerts).toHaveLength(2);
    expect(parsed.alerts[0]).toMatchObject({ status: 'firing', endsAt: '0001-01-01T00:00:00Z' });
    expect(alertmanagerWebhookSchema.parse(resolved).status).toBe('resolved');
  });

  it('accepts nanosecond timestamps with an offset, extra fields, and a payload from before truncatedAlerts', () => {
    const payload: Record<string, unknown> = { ...clone(firing), orgId: 1 };
    delete payload.truncatedAlerts;
    (payload.alerts as Record<string, unknown>[])[0]!.startsAt = '2018-08-03T09:52:26.739266876+02:00';
    const parsed = alertmanagerWebhookSchema.parse(payload);
    expect(parsed.truncatedAlerts).toBe(0);
    expect(parsed).not.toHaveProperty('orgId');
  });

  it.each([
    ['another payload version', (p: Payload) => (p.version = '3')],
    ['an unknown status', (p: Payload) => (p.status = 'pending')],
    ['an alert without labels', (p: Payload) => delete p.alerts[0]!.labels],
    ['a label that is not a string', (p: Payload) => (p.alerts[0]!.labels!.severity = 2)],
    ['a timestamp that is not RFC 3339', (p: Payload) => (p.alerts[1]!.startsAt = '22/11/2026 10:30')],
    ['alerts that are not an array', (p: Payload) => ((p as Record<string, unknown>).alerts = {})],
    ['a negative truncatedAlerts', (p: Payload) => (p.truncatedAlerts = -1)],
  ])('refuses %s', (_name, spoil) => {
    const payload = clone(firing) as unknown as Payload;
    spoil(payload);
    expect(alertmanagerWebhookSchema.safeParse(payload).success).toBe(false);
  });
});

describe('genericAlertPayloadSchema', () => {
  const alert = { source: 'nagios', status: 'firing', severity: 'critical', title: 'Disk full on db-1' };

  it('accepts one alert or an array of them', () => {
    expect(genericAlertPayloadSchema.safeParse(alert).success).toBe(true);
    expect(genericAlertPayloadSchema.safeParse([alert, { ...alert, status: 'resolved' }]).success).toBe(true);
  });

  it.each([
    ['a missing title', { ...alert, title: undefined }],
    ['a blank source', { ...alert, source: '  ' }],
    ['an unknown status', { ...alert, status: 'open' }],
    ['an empty array', []],
    ['a url that is not a URL', { ...alert, url: 'not a url' }],
  ])('refuses %s', (_name, payload) => {
    expect(genericAlertPayloadSchema.safeParse(payload).success).toBe(false);
  });
});
