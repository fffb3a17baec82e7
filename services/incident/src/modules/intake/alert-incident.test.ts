import { alertIncidentInput, alertResolvedEntry, fit } from './alert-incident';
import type { NormalizedAlert } from './normalized-alert';

const now = new Date('2026-11-22T11:00:00Z');
const alert: NormalizedAlert = {
  fingerprint: '7cd3eaf528e6b237',
  status: 'FIRING',
  source: 'alertmanager',
  title: 'Checkout returns HTTP 502',
  description: 'Plus de 20 % des requêtes échouent',
  severity: 'critical',
  impact: 'SIGNIFICANT',
  urgency: 'CRITICAL',
  affectedServices: ['checkout'],
  configurationItems: ['lb-paris-01', 'checkout-1:8080'],
  startsAt: new Date('2026-11-22T10:30:22Z'),
  endsAt: null,
  labels: {},
  sourceUrl: null,
};

describe('alertIncidentInput', () => {
  it('logs a MONITORING incident reported by the sender, classified by the alert', () => {
    expect(alertIncidentInput(alert, now)).toEqual({
      title: 'Checkout returns HTTP 502',
      description: 'Plus de 20 % des requêtes échouent',
      channel: 'MONITORING',
      impact: 'SIGNIFICANT',
      urgency: 'CRITICAL',
      affectedServices: ['checkout'],
      configurationItems: ['lb-paris-01', 'checkout-1:8080'],
      reporter: { name: 'alertmanager' },
      failureStartedAt: new Date('2026-11-22T10:30:22Z'),
    });
  });

  it('fits what senders send into the incident limits instead of refusing the alert', () => {
    const input = alertIncidentInput(
      {
        ...alert,
        title: `Disk\u0000 ${'x'.repeat(300)}`,
        description: '\u0000',
        affectedServices: ['s'.repeat(150), ...Array.from({ length: 60 }, (_, i) => `svc-${i}`), ''],
        startsAt: new Date('2026-11-22T12:00:00Z'), // the sender's clock runs ahead
      },
      now,
    );
    expect(input.title).toHaveLength(200);
    expect(input.title.startsWith('Disk xxx')).toBe(true);
    expect(input.title.endsWith('…')).toBe(true);
    expect(input.description).toBe(input.title);
    expect(input.affectedServices).toHaveLength(50);
    expect(input.affectedServices[0]).toHaveLength(100);
    expect(input.failureStartedAt).toEqual(now);
  });
});

describe('alertResolvedEntry', () => {
  it('records the resolution with its occurrence count, from intake', () => {
    const occurredAt = new Date('2026-11-22T10:33:21Z');
    const entry = alertResolvedEntry(
      {
        kind: 'MONITORING_ALERT_RESOLVED',
        summary:
          'Alert resolved at the source (alertmanager) after firing 3 times: Checkout returns HTTP 502',
        occurredAt,
        details: { fingerprint: 'fp', source: 'alertmanager', occurrences: 3, sourceUrl: null },
      },
      { id: 'system:monitoring-intake', name: 'monitoring-intake' },
    );
    expect(entry).toEqual({
      kind: 'monitoring_alert_resolved',
      actor: { id: 'system:monitoring-intake', name: 'monitoring-intake' },
      source: 'intake',
      summary: 'Alert resolved at the source (alertmanager) after firing 3 times: Checkout returns HTTP 502',
      occurredAt,
      detail: {
        fingerprint: 'fp',
        source: 'alertmanager',
        occurrences: 3,
        sourceUrl: null,
        resolvedAt: '2026-11-22T10:33:21.000Z',
      },
    });
  });
});

describe('fit', () => {
  it('removes NUL, trims, and cuts with an ellipsis', () => {
    expect(fit('  a\u0000b  ', 10)).toBe('ab');
    expect(fit('abcdef', 4)).toBe('abc…');
  });
});
