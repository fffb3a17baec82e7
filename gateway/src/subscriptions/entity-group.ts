import type { FormattedExecutionResult } from 'graphql';
import type { FeedEvent } from './feed-event';
import { type GroupDeps, delay, payloadContext } from './group-deps';
import {
  type Subscriber,
  accessErrorCodes,
  codesOf,
  errorResult,
  errorsUnder,
  payloadAt,
} from './subscriber';
import type { EntityField } from './subscription-fields';
import type { SubscriptionRequest } from './subscription-request';

/**
 * The subscribers of one entity field with the same document, variables and authorization scope. Each
 * event is resolved once, with one member's token, and the result goes to every member: a thousand
 * viewers cost one query. Events for a record still waiting are merged (the query reads its current state).
 */
export class EntityGroup {
  readonly members = new Set<Subscriber>();
  private readonly pending = new Map<string, FeedEvent>();
  private readonly payload: ReturnType<EntityField['payload']>;
  private draining = false;

  constructor(
    private readonly deps: GroupDeps,
    private readonly field: EntityField,
    private readonly request: SubscriptionRequest,
  ) {
    this.payload = field.payload(request);
  }

  join(subscriber: Subscriber): void {
    this.members.add(subscriber);
  }

  leave(subscriber: Subscriber): void {
    this.members.delete(subscriber);
  }

  offer(event: FeedEvent): void {
    const entityId = this.field.entityOf(event);
    this.pending.delete(entityId);
    this.pending.set(entityId, event);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.members.size > 0) {
        const next = this.pending.entries().next();
        if (next.done) break;
        const [entityId, event] = next.value;
        this.pending.delete(entityId);
        await this.resolve(entityId, event);
      }
    } catch (error) {
      this.deps.logger.error({ err: error, subscription: this.field.name }, 'subscription payload failed');
    } finally {
      this.draining = false;
    }
  }

  private async resolve(entityId: string, event: FeedEvent): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const representative = this.members.values().next().value;
      if (!representative) return;
      const result = await this.deps.execute(
        {
          query: this.payload.query,
          variables: { ...this.request.variables, ...this.payload.variables(entityId) },
        },
        payloadContext(representative, event),
      );
      const value = payloadAt(result, this.payload.path);
      if (value !== null && value !== undefined) {
        const errors = errorsUnder(result, this.payload.path, this.request.responseKey);
        this.deliver(
          { data: { [this.request.responseKey]: value }, ...(errors.length ? { errors } : {}) },
          event,
        );
        return;
      }
      const codes = codesOf(result);
      if (codes.includes('UNAUTHENTICATED')) {
        // This member's token stopped being valid; its socket closes too. Try with another member.
        representative.stream.finish(errorResult('Authentication expired', 'UNAUTHENTICATED'));
        this.members.delete(representative);
        continue;
      }
      // Not visible to this scope, or not matching the filter: nothing to send.
      if (codes.every((code) => accessErrorCodes.has(code))) return;
      const wait = this.deps.retryDelaysMs[attempt];
      if (wait === undefined) {
        this.deliver({ errors: (result.errors ?? []).map(({ path: _path, ...error }) => error) }, event);
        return;
      }
      await delay(wait);
    }
  }

  private deliver(result: FormattedExecutionResult, event: FeedEvent): void {
    const eventAt = Date.parse(event.envelope.occurredAt);
    for (const member of this.members) member.stream.push({ result, eventAt });
  }
}
