import type { Caller, Role } from '@mim/auth';
import { type FormattedExecutionResult, buildSchema, parse } from 'graphql';
import type { FeedEvent } from './feed-event';
import type { GroupDeps } from './group-deps';
import { SubscriptionHub } from './subscription-hub';
import { SubscriptionStream } from './subscription-stream';

const schema = buildSchema(`
  type Incident { id: ID! title: String! }
  input IncidentFilter { ids: [ID!] major: Boolean }
  type IncidentConnection { nodes: [Incident!]! }
  type Query { incidents(filter: IncidentFilter, first: Int): IncidentConnection! }
  type Subscription { incidentUpdated(filter: IncidentFilter): Incident! }
`);

const incidentId = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const caller = (subject: string, roles: Role[]): Caller => ({
  subject,
  name: subject,
  email: null,
  roles,
  expiresAt: 0,
});

const changed: FeedEvent = {
  traceparent: null,
  envelope: {
    id: '7c6b5a49-3827-4165-8a4b-3c2d1e0f9a8b',
    type: 'incident.priority_changed',
    version: 1,
    occurredAt: new Date().toISOString(),
    aggregate: { type: 'incident', id: incidentId, version: 2 },
    actor: { kind: 'user', id: 'u' },
    correlationId: 'c',
    data: {},
  },
};

function hubWithCountingExecutor() {
  const calls: { subject: string; variables: Record<string, unknown> | undefined }[] = [];
  const deps: GroupDeps & { bufferSize: number; logger: GroupDeps['logger'] } = {
    execute: (request, context): Promise<FormattedExecutionResult> => {
      calls.push({ subject: context.caller.subject, variables: request.variables });
      parse(request.query);
      return Promise.resolve({
        data: { mim_payload: { nodes: [{ id: incidentId, title: 'Checkout down' }] } },
      });
    },
    logger: { error: jest.fn() } as unknown as GroupDeps['logger'],
    feedReady: () => Promise.resolve(),
    retryDelaysMs: [1],
    bufferSize: 10,
  };
  return { hub: new SubscriptionHub(deps), calls };
}

function subscribe(
  hub: SubscriptionHub,
  who: Caller,
  source = `subscription { incidentUpdated { id title } }`,
) {
  const stream = hub.subscribe({ schema, document: parse(source), caller: who, authorization: 'Bearer t' });
  if (!(stream instanceof SubscriptionStream)) throw new Error(JSON.stringify(stream));
  return stream;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('SubscriptionHub', () => {
  it('resolves an event once for every identical subscription of the same scope, and hands it to each', async () => {
    const { hub, calls } = hubWithCountingExecutor();
    const streams = Array.from({ length: 100 }, (_, index) =>
      subscribe(hub, caller(`agent-${index}`, ['service_desk_technician'])),
    );
    hub.dispatch(changed);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.variables).toEqual({ mim_filter: { ids: [incidentId] } });
    const first = await Promise.all(streams.map((stream) => stream.next()));
    expect(first.every((result) => result.value?.data?.incidentUpdated?.title === 'Checkout down')).toBe(
      true,
    );
  });

  it('resolves separately for each identity outside staff, and for another selection', async () => {
    const { hub, calls } = hubWithCountingExecutor();
    subscribe(hub, caller('user-1', ['end_user']));
    subscribe(hub, caller('user-2', ['end_user']));
    subscribe(hub, caller('vendor-1', ['external_consultant']));
    subscribe(hub, caller('agent-1', ['service_desk_technician']), `subscription { incidentUpdated { id } }`);
    hub.dispatch(changed);
    await settle();
    expect(calls.map((call) => call.subject).sort()).toEqual(['agent-1', 'user-1', 'user-2', 'vendor-1']);
  });

  it('forgets a group when its last subscriber leaves', async () => {
    const { hub, calls } = hubWithCountingExecutor();
    const stream = subscribe(hub, caller('agent-1', ['service_desk_technician']));
    expect(hub.openSubscriptions).toBe(1);
    await stream.return();
    expect(hub.openSubscriptions).toBe(0);
    hub.dispatch(changed);
    await settle();
    expect(calls).toHaveLength(0);
  });
});
