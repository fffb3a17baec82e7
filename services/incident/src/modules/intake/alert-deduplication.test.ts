import { type OpenAlertGroup, decideAlert } from './alert-deduplication';
import type { NormalizedAlert } from './normalized-alert';

const now = new Date('2026-11-22T10:40:00Z');

const alert = (overrides: Partial<NormalizedAlert> = {}): NormalizedAlert => ({
  fingerprint: '7cd3eaf528e6b237',
  status: 'FIRING',
  source: 'alertmanager',
  title: 'Checkout returns HTTP 502',
  description: 'Plus de 20 % des requêtes échouent',
  severity: 'critical',
  impact: 'SIGNIFICANT',
  urgency: 'CRITICAL',
  affectedServices: ['checkout'],
  configurationItems: ['checkout-1:8080'],
  startsAt: new Date('2026-11-22T10:30:22Z'),
  endsAt: null,
  labels: {},
  sourceUrl: 'http://prometheus.example.org:9090/graph',
  ...overrides,
});

const openGroup: OpenAlertGroup = {
  id: 'group-1',
  incidentId: 'incident-1',
  occurrences: 3,
  firstSeenAt: new Date('2026-11-22T10:31:00Z'),
  lastSeenAt: new Date('2026-11-22T10:35:00Z'),
};

describe('decideAlert', () => {
  const manual = { autoResolve: false };

  it('creates an incident for a firing alert with no open group', () => {
    expect(decideAlert(null, alert(), manual, now)).toEqual({ kind: 'CREATE_INCIDENT', firstSeenAt: now });
  });

  it('counts a firing alert with an open group as one more occurrence', () => {
    expect(decideAlert(openGroup, alert(), manual, now)).toEqual({
      kind: 'ADD_OCCURRENCE',
      groupId: 'group-1',
      incidentId: 'incident-1',
      occurrences: 4,
      lastSeenAt: now,
    });
  });

  it('never moves last seen backwards (a delayed retry)', () => {
    const early = new Date('2026-11-22T10:32:00Z');
    const decision = decideAlert(openGroup, alert(), manual, early);
    expect(decision).toMatchObject({ kind: 'ADD_OCCURRENCE', lastSeenAt: openGroup.lastSeenAt });
  });

  it('marks the group resolved with a timeline entry, leaving the incident to a person by default', () => {
    const endsAt = new Date('2026-11-22T10:39:00Z');
    expect(decideAlert(openGroup, alert({ status: 'RESOLVED', endsAt }), manual, now)).toEqual({
      kind: 'MARK_RESOLVED',
      groupId: 'group-1',
      incidentId: 'incident-1',
      resolvedAt: endsAt,
      resolveIncident: false,
      timelineEntry: {
        kind: 'MONITORING_ALERT_RESOLVED',
        summary:
          'Alert resolved at the source (alertmanager) after firing 3 times: Checkout returns HTTP 502',
        occurredAt: endsAt,
        details: {
          fingerprint: '7cd3eaf528e6b237',
          source: 'alertmanager',
          occurrences: 3,
          sourceUrl: 'http://prometheus.example.org:9090/graph',
        },
      },
    });
  });

  it('resolves the incident too when configured, at the time received when the alert has no end', () => {
    const decision = decideAlert(
      { ...openGroup, occurrences: 1 },
      alert({ status: 'RESOLVED' }),
      { autoResolve: true },
      now,
    );
    expect(decision).toMatchObject({ kind: 'MARK_RESOLVED', resolveIncident: true, resolvedAt: now });
    expect(decision.kind === 'MARK_RESOLVED' && decision.timelineEntry.summary).toContain(
      'after firing once',
    );
  });

  it('ignores a resolved alert with no open group', () => {
    expect(decideAlert(null, alert({ status: 'RESOLVED' }), { autoResolve: true }, now)).toEqual({
      kind: 'IGNORE',
      reason: 'no open alert group for this fingerprint',
    });
  });
});
