import firing from './fixtures/alertmanager-firing.json';
import resolved from './fixtures/alertmanager-resolved.json';
import {
  genericFingerprint,
  labelFingerprint,
  normalizeAlertmanagerWebhook,
  normalizeGenericAlert,
} from './alert-normalizer';
import { alertmanagerWebhookSchema } from './alertmanager.schema';
import type { GenericAlert } from './generic-alert.schema';

const receivedAt = new Date('2026-11-22T10:35:00Z');

describe('normalizeAlertmanagerWebhook', () => {
  it('maps each alert of a firing notification', () => {
    const alerts = normalizeAlertmanagerWebhook(alertmanagerWebhookSchema.parse(firing));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toEqual({
      fingerprint: '7cd3eaf528e6b237',
      status: 'FIRING',
      source: 'alertmanager',
      title: 'Checkout returns HTTP 502',
      description: expect.stringContaining('Plus de 20 % des requêtes de paiement échouent'),
      severity: 'critical',
      impact: 'SIGNIFICANT',
      urgency: 'CRITICAL',
      affectedServices: ['checkout'],
      configurationItems: ['lb-paris-01', 'checkout-1:8080'],
      startsAt: new Date('2026-11-22T10:30:22Z'),
      endsAt: null,
      labels: expect.objectContaining({ alertname: 'CheckoutHighErrorRate', instance: 'checkout-1:8080' }),
      sourceUrl: expect.stringMatching(/^http:\/\/prometheus\.example\.org:9090\/graph\?g0\.expr=/),
    });
    expect(alerts[0]!.description).toContain('Runbook: https://runbooks.example.org/checkout/502');
    expect(alerts[1]!.fingerprint).toBe('6f59f0c9cef3a0e6');
  });

  it('gives a resolved alert its end time and the same fingerprint as when it fired', () => {
    const [alert] = normalizeAlertmanagerWebhook(alertmanagerWebhookSchema.parse(resolved));
    expect(alert).toMatchObject({
      status: 'RESOLVED',
      fingerprint: '7cd3eaf528e6b237',
      endsAt: new Date('2026-11-22T10:33:21Z'),
    });
  });

  it('falls back to the alert name, a label hash, the default severity and no URL', () => {
    const payload = alertmanagerWebhookSchema.parse(structuredClone(firing));
    const alert = payload.alerts[0]!;
    alert.annotations = {};
    alert.labels = { alertname: 'DiskFull', instance: 'db-1', severity: 'bogus' };
    delete alert.fingerprint;
    alert.generatorURL = '';
    const [normalized] = normalizeAlertmanagerWebhook(payload);
    expect(normalized).toMatchObject({
      title: 'DiskFull on db-1',
      description: 'DiskFull on db-1\n\nLabels: alertname=DiskFull, instance=db-1, severity=bogus',
      fingerprint: labelFingerprint({ alertname: 'DiskFull', instance: 'db-1', severity: 'bogus' }),
      severity: 'warning',
      impact: 'MODERATE',
      urgency: 'HIGH',
      sourceUrl: null,
    });
  });

  it('lets impact and urgency labels override the severity mapping, and options change the labels used', () => {
    const payload = alertmanagerWebhookSchema.parse(structuredClone(firing));
    payload.alerts[0]!.labels = {
      ...payload.alerts[0]!.labels,
      impact: 'extensive',
      urgency: 'NOPE',
      app: 'pay',
    };
    const [normalized] = normalizeAlertmanagerWebhook(payload, {
      serviceLabels: ['app'],
      configurationItemLabels: ['job'],
    });
    expect(normalized).toMatchObject({
      impact: 'EXTENSIVE',
      urgency: 'CRITICAL',
      affectedServices: ['pay'],
      configurationItems: ['checkout'],
    });
  });

  it('cuts a long summary to an incident title', () => {
    const payload = alertmanagerWebhookSchema.parse(structuredClone(firing));
    payload.alerts[0]!.annotations.summary = 'x'.repeat(500);
    const [normalized] = normalizeAlertmanagerWebhook(payload);
    expect(normalized!.title).toHaveLength(200);
  });
});

describe('normalizeGenericAlert', () => {
  const alert: GenericAlert = {
    source: 'nagios',
    status: 'firing',
    severity: 'INFO',
    title: 'Disque presque plein',
    service: 'billing',
    labels: { host: 'db-1', ci: 'db-1' },
  };

  it('maps the fields and computes a fingerprint from the labels', () => {
    expect(normalizeGenericAlert(alert, receivedAt)).toEqual({
      fingerprint: genericFingerprint(alert),
      status: 'FIRING',
      source: 'nagios',
      title: 'Disque presque plein',
      description: 'Disque presque plein\n\nLabels: host=db-1, ci=db-1',
      severity: 'info',
      impact: 'MINOR',
      urgency: 'LOW',
      affectedServices: ['billing'],
      configurationItems: ['db-1'],
      startsAt: receivedAt,
      endsAt: null,
      labels: { host: 'db-1', ci: 'db-1' },
      sourceUrl: null,
    });
  });

  it('keeps the fingerprint stable across label order, description and status, and apart for other hosts', () => {
    const same = {
      ...alert,
      labels: { ci: 'db-1', host: 'db-1' },
      description: 'now 99%',
      status: 'resolved' as const,
    };
    expect(genericFingerprint(same)).toBe(genericFingerprint(alert));
    expect(genericFingerprint({ ...alert, labels: { host: 'db-2' } })).not.toBe(genericFingerprint(alert));
    expect(genericFingerprint({ ...alert, source: 'zabbix' })).not.toBe(genericFingerprint(alert));
    expect(genericFingerprint(alert)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('uses a fingerprint the sender gives, within its source', () => {
    expect(normalizeGenericAlert({ ...alert, fingerprint: 'abc' }, receivedAt).fingerprint).toBe(
      'nagios:abc',
    );
  });

  it('ends a resolved alert when it is received', () => {
    const normalized = normalizeGenericAlert(
      { ...alert, status: 'resolved', startsAt: '2026-11-22T10:00:00Z' },
      receivedAt,
    );
    expect(normalized).toMatchObject({
      status: 'RESOLVED',
      startsAt: new Date('2026-11-22T10:00:00Z'),
      endsAt: receivedAt,
    });
  });
});
