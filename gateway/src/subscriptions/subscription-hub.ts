import type { Caller } from '@mim/auth';
import type { Logger, ServiceMetrics } from '@mim/observability';
import type { DocumentNode, FormattedExecutionResult, GraphQLSchema } from 'graphql';
import { EntityGroup } from './entity-group';
import type { FeedEvent } from './feed-event';
import type { GroupDeps } from './group-deps';
import { type Subscriber, errorResult } from './subscriber';
import {
  type SubscriptionField,
  type TimelineField,
  authorizationScope,
  subscriptionFields,
} from './subscription-fields';
import { type SubscriptionRequest, analyseSubscription } from './subscription-request';
import { SubscriptionStream } from './subscription-stream';
import { TimelineGroup } from './timeline-group';

type Group = EntityGroup | TimelineGroup;

export interface SubscribeArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Record<string, unknown> | null | undefined;
  caller: Caller;
  authorization: string;
}

export interface SubscriptionHubOptions extends GroupDeps {
  bufferSize: number;
  metrics?: ServiceMetrics;
  logger: Logger;
}

/**
 * Routes events to the groups of identical subscriptions that wait for them, and subscribers to their
 * group. A group's key is the payload query it runs (document, variables, field arguments) plus the
 * authorization scope, so only subscribers who would get byte-identical payloads share a resolution.
 */
export class SubscriptionHub {
  /** `<field>|<route>` -> group key -> group. */
  private readonly routes = new Map<string, Map<string, Group>>();
  private open = 0;

  constructor(private readonly options: SubscriptionHubOptions) {}

  get openSubscriptions(): number {
    return this.open;
  }

  subscribe(args: SubscribeArgs): SubscriptionStream | FormattedExecutionResult {
    const analysed = analyseSubscription(args.schema, args.document, args.operationName, args.variableValues);
    if (Array.isArray(analysed)) return { errors: analysed.map((error) => error.toJSON()) };
    const field = subscriptionFields.get(analysed.fieldName);
    if (!field) {
      return errorResult(
        `The subscription field ${analysed.fieldName} is not served`,
        'GRAPHQL_VALIDATION_FAILED',
      );
    }

    const route = `${field.name}|${field.kind === 'entity' ? field.routeFor(analysed, args.caller) : field.routeFor(analysed)}`;
    const key = groupKey(field, analysed, args.caller);
    let subscriber: Subscriber | null = null;
    const stream = new SubscriptionStream({
      capacity: this.options.bufferSize,
      lagging: (lastCursor) =>
        errorResult(
          'The subscriber fell too far behind; subscribe again with `after` set to lastCursor',
          'SUBSCRIPTION_LAGGING',
          { lastCursor },
        ),
      onDeliver: (item) => {
        if (item.eventAt !== undefined) {
          this.options.metrics?.subscriptionDeliverySeconds.observe(
            Math.max(0, Date.now() - item.eventAt) / 1000,
          );
        }
      },
      onClose: () => {
        this.open -= 1;
        this.options.metrics?.graphqlSubscriptions.dec();
        if (subscriber) this.leave(route, key, subscriber);
      },
    });
    subscriber = { caller: args.caller, authorization: args.authorization, stream };
    this.open += 1;
    this.options.metrics?.graphqlSubscriptions.inc();

    const groups = this.routes.get(route) ?? new Map<string, Group>();
    this.routes.set(route, groups);
    let group = groups.get(key);
    if (!group) {
      group = this.createGroup(field, analysed, subscriber, route, key);
      groups.set(key, group);
    }
    if (group instanceof TimelineGroup) {
      group.join(subscriber, (field as TimelineField).afterOf(analysed)).catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'timeline subscription could not start');
        stream.finish(errorResult('Internal server error', 'INTERNAL_SERVER_ERROR'));
      });
    } else {
      group.join(subscriber);
    }
    return stream;
  }

  dispatch(event: FeedEvent): void {
    for (const field of subscriptionFields.values()) {
      const route = field.routeOf(event);
      if (route === null) continue;
      const groups = this.routes.get(`${field.name}|${route}`);
      if (!groups) continue;
      for (const group of groups.values()) group.offer(event);
    }
  }

  private createGroup(
    field: SubscriptionField,
    request: SubscriptionRequest,
    founder: Subscriber,
    route: string,
    key: string,
  ): Group {
    if (field.kind === 'entity') return new EntityGroup(this.options, field, request);
    const timeline: TimelineGroup = new TimelineGroup(this.options, field, request, founder, () =>
      this.drop(route, key, timeline),
    );
    return timeline;
  }

  private leave(route: string, key: string, subscriber: Subscriber): void {
    const group = this.routes.get(route)?.get(key);
    if (!group) return;
    group.leave(subscriber);
    if (group.members.size === 0) this.drop(route, key, group);
  }

  /** Forgets `group`, unless a newer group already took its key (an ended group finishing late). */
  private drop(route: string, key: string, group: Group): void {
    const groups = this.routes.get(route);
    if (groups?.get(key) !== group) return;
    groups.delete(key);
    if (groups.size === 0) this.routes.delete(route);
  }
}

function groupKey(field: SubscriptionField, request: SubscriptionRequest, caller: Caller): string {
  const { after: _after, ...args } = request.args;
  const perUser = field.kind === 'entity' ? field.perUser : false;
  return JSON.stringify([
    authorizationScope(caller, perUser),
    request.responseKey,
    request.selection,
    request.fragments,
    request.variableDefinitions,
    request.variables,
    args,
  ]);
}
