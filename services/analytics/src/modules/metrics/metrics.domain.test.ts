import { type IncidentStatus, type Priority, incidentCreatedV1 } from '@mim/contracts';
import {
  type IncidentEvent,
  type MetricsState,
  applyIncidentEvent,
  assertPeriod,
  durationsOf,
  emptyMetrics,
} from './metrics.domain';

const id = incidentCreatedV1.example.incidentId;
const reportedAt = '2019-07-02T13:45:00.000Z';
const plus = (seconds: number) => new Date(Date.parse(reportedAt) + seconds * 1000).toISOString();

const created: IncidentEvent = {
  type: 'incident.created',
  version: 1,
  occurredAt: new Date(reportedAt),
  data: { ...incidentCreatedV1.example, reportedAt, failureStartedAt: plus(-180) },
};

function changed(
  version: number,
  from: IncidentStatus,
  to: IncidentStatus,
  atSeconds: number,
  priority: Priority = 'P1',
): IncidentEvent {
  return {
    type: 'incident.status_changed',
    version,
    occurredAt: new Date(plus(atSeconds)),
    data: {
      incidentId: id,
      number: 'INC-000123',
      from,
      to,
      priority,
      reporterId: 'user-42',
      reason: null,
      changedAt: plus(atSeconds),
    },
  };
}

const replay = (events: IncidentEvent[], start: MetricsState = emptyMetrics(id)) =>
  events.reduce(applyIncidentEvent, start);

// Acknowledged after 2 min, resolved after 10, reopened, resolved again after 1 h, then closed.
const lifecycle = [
  created,
  changed(2, 'NEW', 'ACKNOWLEDGED', 120),
  changed(3, 'ACKNOWLEDGED', 'RESOLVED', 600),
  changed(4, 'RESOLVED', 'IN_PROGRESS', 900, 'P2'),
  changed(5, 'IN_PROGRESS', 'RESOLVED', 3600, 'P2'),
  changed(6, 'RESOLVED', 'CLOSED', 7200, 'P2'),
];

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('incident metrics merge rule', () => {
  it('fills the report facts from incident.created.v1, with only the detection time known', () => {
    const state = replay([created]);
    expect(state).toMatchObject({
      number: 'INC-000123',
      kind: 'INCIDENT',
      priority: 'P1',
      channel: 'MONITORING',
      affectedServices: ['edge-proxy'],
      status: 'NEW',
      lastAggregateVersion: 1,
      reportedAt: new Date(reportedAt),
    });
    expect(durationsOf(state)).toEqual({
      timeToAcknowledgeSeconds: null,
      timeToResolveSeconds: null,
      timeToDetectSeconds: 180,
      downtimeSeconds: null,
    });
  });

  it('measures acknowledgement from the first response and resolution from the last standing one', () => {
    const state = replay(lifecycle);
    expect(state).toMatchObject({ status: 'CLOSED', priority: 'P2', lastAggregateVersion: 6 });
    expect(durationsOf(state)).toEqual({
      timeToAcknowledgeSeconds: 120,
      timeToResolveSeconds: 3600,
      timeToDetectSeconds: 180,
      // From the failure's start (3 minutes before the report) to the resolution: no restoration recorded.
      downtimeSeconds: 3780,
    });
  });

  it('reaches the same state in every arrival order (720 orders of six events)', () => {
    const expected = replay(lifecycle);
    for (const order of permutations(lifecycle)) expect(replay(order)).toEqual(expected);
  });

  it('changes nothing when events are applied again, in or out of order', () => {
    const once = replay(lifecycle);
    expect(replay(lifecycle, once)).toEqual(once);
    expect(replay([...lifecycle].reverse(), once)).toEqual(once);
    expect(replay(lifecycle.flatMap((event) => [event, event]))).toEqual(once);
  });

  it('keeps what a status change taught before incident.created.v1 arrives', () => {
    const early = replay([changed(2, 'NEW', 'RESOLVED', 600)]);
    expect(early).toMatchObject({ status: 'RESOLVED', number: 'INC-000123', reportedAt: null });
    expect(durationsOf(early).timeToResolveSeconds).toBeNull();
    const complete = applyIncidentEvent(early, created);
    expect(complete.status).toBe('RESOLVED');
    expect(durationsOf(complete)).toEqual({
      timeToAcknowledgeSeconds: 600,
      timeToResolveSeconds: 600,
      timeToDetectSeconds: 180,
      downtimeSeconds: 780,
    });
  });

  it('clears the resolution on reopening, and a late older resolution does not bring it back', () => {
    const reopened = replay([created, changed(4, 'RESOLVED', 'IN_PROGRESS', 900)]);
    expect(reopened.resolvedAt).toBeNull();
    const late = applyIncidentEvent(reopened, changed(3, 'NEW', 'RESOLVED', 600));
    expect(late.resolvedAt).toBeNull();
    expect(late.status).toBe('IN_PROGRESS');
    expect(durationsOf(late).timeToAcknowledgeSeconds).toBe(600);
  });

  it('does not count cancelling a new incident as acknowledging it', () => {
    const state = replay([created, changed(2, 'NEW', 'CANCELLED', 60)]);
    expect(state).toMatchObject({ status: 'CANCELLED', acknowledgedAt: null, resolvedAt: null });
  });
});

describe('summary period', () => {
  const at = (iso: string) => new Date(iso);

  it('accepts up to exactly three calendar years, `to` after `from`', () => {
    expect(() => assertPeriod(at('2024-02-29T00:00:00Z'), at('2027-03-01T00:00:00Z'))).not.toThrow();
    expect(() => assertPeriod(at('2020-01-01T00:00:00Z'), at('2023-01-01T00:00:00Z'))).not.toThrow();
  });

  it.each([
    ['an empty period', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'],
    ['a reversed period', '2020-01-02T00:00:00Z', '2020-01-01T00:00:00Z'],
    ['more than three years', '2020-01-01T00:00:00Z', '2023-01-01T00:00:00.001Z'],
  ])('refuses %s with BAD_USER_INPUT on `to`', (_case, from, to) => {
    expect(() => assertPeriod(at(from), at(to))).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: { fields: [expect.objectContaining({ path: 'to' })] },
      }),
    );
  });
});
