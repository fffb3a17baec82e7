import type { FormattedExecutionResult } from 'graphql';
import { parse } from 'graphql';
import type { FeedEvent } from './feed-event';
import type { GroupDeps } from './group-deps';
import type { Subscriber } from './subscriber';
import { subscriptionFields, type TimelineField } from './subscription-fields';
import type { SubscriptionRequest } from './subscription-request';
import { SubscriptionStream } from './subscription-stream';
import { TimelineGroup } from './timeline-group';

const incidentId = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const field = subscriptionFields.get('incidentTimeline') as TimelineField;

/** The timeline as the incident subgraph would answer for it: committed entries, by position. */
class TimelineStore {
  committed: number[] = [];
  denied = false;
  queries = 0;

  commit(...positions: number[]) {
    this.committed.push(...positions);
    this.committed.sort((a, b) => a - b);
  }

  execute = (request: {
    query: string;
    variables?: Record<string, unknown>;
  }): Promise<FormattedExecutionResult> => {
    this.queries += 1;
    parse(request.query); // every query the group sends must at least be valid GraphQL
    if (this.denied) {
      return Promise.resolve({
        data: null,
        errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }],
      });
    }
    const after = Number(request.variables?.mim_after ?? 0);
    const visible = this.committed.filter((position) => position > after);
    const nodes = visible.slice(0, 2).map((position) => ({ mim_position: position, position }));
    return Promise.resolve({
      data: {
        mim_payload: { hasMore: visible.length > 2, latestPosition: this.committed.at(-1) ?? 0, nodes },
      },
    });
  };
}

const request = (after: number | null): SubscriptionRequest => ({
  fieldName: 'incidentTimeline',
  responseKey: 'incidentTimeline',
  args: { incidentId, ...(after !== null ? { after } : {}) },
  payloadType: 'IncidentTimelineEntry',
  selection: '... on IncidentTimelineEntry { position }',
  fragments: '',
  variableDefinitions: [],
  variables: {},
});

const event = (position: number): FeedEvent => ({
  traceparent: null,
  envelope: {
    id: crypto.randomUUID(),
    type: 'incident.timeline_entry_recorded',
    version: 1,
    occurredAt: new Date().toISOString(),
    aggregate: { type: 'incident', id: incidentId, version: 1 },
    actor: { kind: 'system', id: 'test' },
    correlationId: 'c',
    data: { incidentId, position },
  },
});

function subscriber(capacity = 100): Subscriber & { positions(): number[]; codes(): string[] } {
  const stream = new SubscriptionStream({
    capacity,
    lagging: (lastCursor) => ({
      errors: [{ message: 'lag', extensions: { code: 'SUBSCRIPTION_LAGGING', lastCursor } }],
    }),
  });
  const seen: FormattedExecutionResult[] = [];
  const pump = async () => {
    for await (const result of stream) seen.push(result);
  };
  void pump();
  return {
    caller: { subject: 'u', name: 'u', email: null, roles: ['service_desk_technician'], expiresAt: 0 },
    authorization: 'Bearer x',
    stream,
    positions: () =>
      seen.flatMap((result) => {
        const entry = (result.data as { incidentTimeline?: { position: number } } | undefined)
          ?.incidentTimeline;
        return entry ? [entry.position] : [];
      }),
    codes: () =>
      seen.flatMap((result) => (result.errors ?? []).map((error) => String(error.extensions?.code))),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function groupFor(
  store: TimelineStore,
  after: number | null,
  founder: Subscriber,
  onEnded: () => void = jest.fn(),
) {
  const deps: GroupDeps = {
    execute: (query) => store.execute(query),
    logger: { error: jest.fn() } as unknown as GroupDeps['logger'],
    feedReady: () => Promise.resolve(),
    retryDelaysMs: [1],
  };
  return new TimelineGroup(deps, field, request(after), founder, onEnded);
}

describe('TimelineGroup', () => {
  it('delivers each entry once, in order, whatever the order and repetition of events', async () => {
    const store = new TimelineStore();
    store.commit(1, 2);
    const viewer = subscriber();
    const group = groupFor(store, null, viewer);
    await group.join(viewer, null);
    store.commit(3, 4, 5, 6, 7);
    // Events arrive late, twice and out of order; entry 3's event never arrives at all.
    for (const position of [5, 4, 5, 7, 6, 4]) group.offer(event(position));
    await settle();
    expect(viewer.positions()).toEqual([3, 4, 5, 6, 7]);
  });

  it('replays what a returning subscriber missed, then joins it to the live stream without gap or duplicate', async () => {
    const store = new TimelineStore();
    store.commit(1, 2, 3, 4, 5);
    const live = subscriber();
    const group = groupFor(store, null, live);
    await group.join(live, null);
    const returning = subscriber();
    const joining = group.join(returning, 2);
    // A new entry is committed and announced while the returning subscriber is still replaying.
    store.commit(6);
    group.offer(event(6));
    await joining;
    store.commit(7);
    group.offer(event(7));
    await settle();
    expect(live.positions()).toEqual([6, 7]);
    expect(returning.positions()).toEqual([3, 4, 5, 6, 7]);
  });

  it('ends every member with the access error when the scope loses the incident', async () => {
    const store = new TimelineStore();
    store.commit(1);
    const viewer = subscriber();
    const onEnded = jest.fn();
    const group = groupFor(store, null, viewer, onEnded);
    await group.join(viewer, null);
    store.commit(2);
    store.denied = true;
    group.offer(event(2));
    await settle();
    expect(viewer.codes()).toEqual(['NOT_FOUND']);
    expect(onEnded).toHaveBeenCalledTimes(1);
    expect(viewer.stream.isOpen).toBe(false);
  });
});
