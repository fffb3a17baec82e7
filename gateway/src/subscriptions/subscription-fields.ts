import { type Caller, isStaff } from '@mim/auth';
import type { FeedEvent } from './feed-event';
import { type SubscriptionRequest, payloadQuery } from './subscription-request';

/**
 * A subscription field whose payload is one record fetched again on each event that touches it
 * (`incidentUpdated`, `majorIncidents`, `myNotifications`). Several events for the same record waiting
 * together are resolved once: the subscriber gets the record's current state.
 */
export interface EntityField {
  kind: 'entity';
  name: string;
  /** Events are routed to the subscriptions waiting under this key (a recipient, or `*`). */
  routeOf(event: FeedEvent): string | null;
  routeFor(request: SubscriptionRequest, caller: Caller): string;
  /** The record the event is about. */
  entityOf(event: FeedEvent): string;
  /** True when what a subscriber sees depends on who they are, not only on their roles. */
  perUser: boolean;
  payload(request: SubscriptionRequest): {
    query: string;
    variables(entityId: string): Record<string, unknown>;
    /** Where the record sits under `mim_payload` in the query's data. */
    path: readonly (string | number)[];
  };
}

/**
 * `incidentTimeline`: an ordered stream of entries, each with a position that is commit-ordered per
 * incident. Payloads are fetched as "entries after the last one delivered", so events that arrive late,
 * twice or out of order can neither skip nor repeat an entry.
 */
export interface TimelineField {
  kind: 'timeline';
  name: 'incidentTimeline';
  routeOf(event: FeedEvent): string | null;
  routeFor(request: SubscriptionRequest): string;
  positionOf(event: FeedEvent): number;
  incidentIdOf(request: SubscriptionRequest): string;
  afterOf(request: SubscriptionRequest): number | null;
  /** Entries after `$mim_after`, with the client's selection and each entry's position. */
  pageQuery(request: SubscriptionRequest): string;
  /** Only the latest position the caller may see (also proves they may see the incident). */
  headQuery: string;
  pageSize: number;
}

export type SubscriptionField = EntityField | TimelineField;

export const timelinePageSize = 100;

const timelineEntryRecorded = 'incident.timeline_entry_recorded';

function dataOf(event: FeedEvent): Record<string, unknown> {
  const { data } = event.envelope;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

/** Every event about an incident's own state (the timeline has its own subscription). */
function incidentChangeRoute(event: FeedEvent): string | null {
  const { type, aggregate } = event.envelope;
  return type.startsWith('incident.') && type !== timelineEntryRecorded && aggregate.type === 'incident'
    ? '*'
    : null;
}

function incidentQuery(request: SubscriptionRequest): string {
  return payloadQuery(
    request,
    ['$mim_filter: IncidentFilter!'],
    `incidents(filter: $mim_filter, first: 1) { nodes { ${request.selection} } }`,
  );
}

function filterArgument(request: SubscriptionRequest): Record<string, unknown> {
  const filter = request.args.filter;
  return typeof filter === 'object' && filter !== null ? { ...(filter as Record<string, unknown>) } : {};
}

const incidentUpdated: EntityField = {
  kind: 'entity',
  name: 'incidentUpdated',
  perUser: false,
  routeOf: incidentChangeRoute,
  routeFor: () => '*',
  entityOf: (event) => event.envelope.aggregate.id,
  payload: (request) => ({
    query: incidentQuery(request),
    // The subgraph applies the client's filter and its own visibility rules to this one incident.
    variables: (incidentId) => ({ mim_filter: { ...filterArgument(request), ids: [incidentId] } }),
    path: ['nodes', 0],
  }),
};

const majorIncidents: EntityField = {
  kind: 'entity',
  name: 'majorIncidents',
  perUser: false,
  routeOf: incidentChangeRoute,
  routeFor: () => '*',
  entityOf: (event) => event.envelope.aggregate.id,
  payload: (request) => ({
    query: incidentQuery(request),
    variables: (incidentId) => ({ mim_filter: { major: true, ids: [incidentId] } }),
    path: ['nodes', 0],
  }),
};

const myNotifications: EntityField = {
  kind: 'entity',
  name: 'myNotifications',
  perUser: true,
  routeOf: (event) => {
    const data = dataOf(event);
    return event.envelope.type === 'notification.sent' &&
      data.channel === 'IN_APP' &&
      typeof data.recipientId === 'string'
      ? data.recipientId
      : null;
  },
  routeFor: (_request, caller) => caller.subject,
  entityOf: (event) => String(dataOf(event).notificationId),
  payload: (request) => ({
    query: payloadQuery(request, ['$mim_id: ID!'], `notification(id: $mim_id) { ${request.selection} }`),
    variables: (notificationId) => ({ mim_id: notificationId }),
    path: [],
  }),
};

const incidentTimeline: TimelineField = {
  kind: 'timeline',
  name: 'incidentTimeline',
  pageSize: timelinePageSize,
  routeOf: (event) => {
    const data = dataOf(event);
    return event.envelope.type === timelineEntryRecorded && typeof data.incidentId === 'string'
      ? data.incidentId
      : null;
  },
  routeFor: (request) => String(request.args.incidentId),
  positionOf: (event) => Number(dataOf(event).position),
  incidentIdOf: (request) => String(request.args.incidentId),
  afterOf: (request) => (typeof request.args.after === 'number' ? request.args.after : null),
  pageQuery: (request) =>
    payloadQuery(
      request,
      ['$mim_incidentId: ID!', '$mim_after: Int!'],
      `incidentTimelineEntries(incidentId: $mim_incidentId, afterPosition: $mim_after, first: ${timelinePageSize}) ` +
        `{ hasMore nodes { mim_position: position ${request.selection} } }`,
    ),
  headQuery:
    'query MimTimelineHead($mim_incidentId: ID!) { mim_payload: incidentTimelineEntries(incidentId: $mim_incidentId, first: 1) { latestPosition } }',
};

export const subscriptionFields: ReadonlyMap<string, SubscriptionField> = new Map(
  [incidentTimeline, incidentUpdated, majorIncidents, myNotifications].map((field) => [field.name, field]),
);

/** The event subjects the gateway follows, relative to the deployment's prefix. */
export const followedSubjects = ['incident.>', 'notification.sent.v1'] as const;

/**
 * Who sees the same payloads: staff see by role, so staff with the same roles share one resolution;
 * anyone else (reporters, consultants) sees by identity, as does any per-user field.
 */
export function authorizationScope(caller: Caller, perUser: boolean): string {
  if (!perUser && isStaff(caller)) return `roles:${[...caller.roles].sort().join(',')}`;
  return `user:${caller.subject}`;
}
