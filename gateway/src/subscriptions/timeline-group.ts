import type { FormattedExecutionResult } from 'graphql';
import type { FeedEvent } from './feed-event';
import { type GroupDeps, delay, payloadContext } from './group-deps';
import { type Subscriber, codesOf, errorResult, errorsUnder, payloadAt } from './subscriber';
import type { StreamItem } from './subscription-stream';
import type { TimelineField } from './subscription-fields';
import type { SubscriptionRequest } from './subscription-request';

interface TimelinePage {
  items: StreamItem[];
  hasMore: boolean;
}

type PageOutcome =
  { ok: true; page: TimelinePage } | { ok: false; result: FormattedExecutionResult; access: boolean };

interface TimelineMember {
  subscriber: Subscriber;
  /** Entries up to this position were sent by the member's own catch-up; null: take all the group sends. */
  caughtUpTo: number | null;
  /** Group entries that arrived while the member was still catching up. */
  held: StreamItem[] | null;
}

/**
 * The subscribers of one incident's timeline with the same selection and authorization scope. The group
 * remembers the last position it delivered and, on each event beyond it, fetches "every entry after it"
 * (paged), so late, repeated or reordered events can neither skip nor repeat an entry. A subscriber that
 * comes back with `after` first replays what it missed with its own token, while the group's live entries
 * are held for it; then the two are joined at the replayed position, without gap or duplicate.
 */
export class TimelineGroup {
  readonly members = new Map<Subscriber, TimelineMember>();
  private last = 0;
  private wanted = 0;
  private readonly ready: Promise<boolean>;
  private draining = false;
  private latestEvent: FeedEvent | null = null;
  private readonly pageQuery: string;

  constructor(
    private readonly deps: GroupDeps,
    private readonly field: TimelineField,
    private readonly request: SubscriptionRequest,
    founder: Subscriber,
    private readonly onEnded: () => void,
  ) {
    this.pageQuery = field.pageQuery(request);
    this.ready = this.initialise(founder);
  }

  /**
   * Adds a subscriber; when it gave `after` (its own, not the group's: the group key leaves it out), its
   * catch-up runs before it sees live entries.
   */
  async join(subscriber: Subscriber, after: number | null): Promise<void> {
    const member: TimelineMember = { subscriber, caughtUpTo: null, held: [] };
    this.members.set(subscriber, member);
    if (!(await this.ready)) return;
    if (after !== null) {
      const caughtUp = await this.catchUp(subscriber, after);
      if (caughtUp === null) return;
      member.caughtUpTo = caughtUp;
    }
    const held = member.held ?? [];
    member.held = null;
    for (const item of held) this.send(member, item);
  }

  leave(subscriber: Subscriber): void {
    this.members.delete(subscriber);
  }

  offer(event: FeedEvent): void {
    const position = this.field.positionOf(event);
    if (position <= this.last) return;
    this.wanted = Math.max(this.wanted, position);
    this.latestEvent = event;
    void this.drain();
  }

  private async initialise(founder: Subscriber): Promise<boolean> {
    await this.deps.feedReady();
    const result = await this.deps.execute(
      { query: this.field.headQuery, variables: { mim_incidentId: this.field.incidentIdOf(this.request) } },
      payloadContext(founder, null),
    );
    const latest = payloadAt(result, ['latestPosition']);
    if (typeof latest !== 'number') {
      this.end(this.terminal(result));
      return false;
    }
    this.last = latest;
    void this.drain();
    return true;
  }

  private async drain(): Promise<void> {
    // Claimed before any await: one drain at a time, or two would fetch and deliver the same entries.
    if (this.draining) return;
    this.draining = true;
    try {
      if (!(await this.ready)) return;
      let attempt = 0;
      while (this.wanted > this.last && this.members.size > 0) {
        const representative = this.representative();
        if (!representative) break;
        const target = this.wanted;
        const outcome = await this.fetchPage(representative, this.last, this.latestEvent);
        if (!outcome.ok) {
          if (outcome.access) {
            // The scope lost access (a consultant removed from the incident): every member ends here.
            this.end(this.terminal(outcome.result));
            return;
          }
          const wait = this.deps.retryDelaysMs[Math.min(attempt, this.deps.retryDelaysMs.length - 1)] ?? 1000;
          attempt += 1;
          await delay(wait);
          continue;
        }
        attempt = 0;
        const { page } = outcome;
        for (const item of page.items) {
          this.last = Math.max(this.last, item.cursor ?? this.last);
          for (const member of this.members.values()) this.send(member, item);
        }
        // Every entry this scope may see up to `wanted` is delivered: what remains below it is invisible
        // to the scope (an internal entry, for a reporter), and committed entries are never inserted below.
        if (!page.hasMore) this.last = Math.max(this.last, target);
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'timeline subscription failed');
      this.end(errorResult('Internal server error', 'INTERNAL_SERVER_ERROR'));
    } finally {
      this.draining = false;
    }
  }

  /** Replays entries after `after` to one subscriber with its own token; the last replayed position. */
  private async catchUp(subscriber: Subscriber, after: number): Promise<number | null> {
    let position = after;
    for (;;) {
      const outcome = await this.fetchPage(subscriber, position, null);
      if (!outcome.ok) {
        subscriber.stream.finish(this.terminal(outcome.result));
        this.members.delete(subscriber);
        return null;
      }
      for (const item of outcome.page.items) {
        subscriber.stream.push(item);
        position = item.cursor ?? position;
      }
      if (!outcome.page.hasMore) return position;
      await subscriber.stream.waitForRoom();
      if (!subscriber.stream.isOpen) return null;
    }
  }

  private async fetchPage(
    subscriber: Subscriber,
    after: number,
    event: FeedEvent | null,
  ): Promise<PageOutcome> {
    const result = await this.deps.execute(
      {
        query: this.pageQuery,
        variables: {
          ...this.request.variables,
          mim_incidentId: this.field.incidentIdOf(this.request),
          mim_after: after,
        },
      },
      payloadContext(subscriber, event),
    );
    const nodes = payloadAt(result, ['nodes']);
    if (!Array.isArray(nodes)) {
      const codes = codesOf(result);
      const access = codes.some(
        (code) => code === 'NOT_FOUND' || code === 'FORBIDDEN' || code === 'UNAUTHENTICATED',
      );
      return { ok: false, result, access };
    }
    const eventAt = event ? Date.parse(event.envelope.occurredAt) : undefined;
    const items = (nodes as Record<string, unknown>[]).map((node, index): StreamItem => {
      const { mim_position: position, ...entry } = node;
      const errors = errorsUnder(result, ['nodes', index], this.request.responseKey);
      return {
        result: { data: { [this.request.responseKey]: entry }, ...(errors.length ? { errors } : {}) },
        cursor: Number(position),
        ...(eventAt !== undefined ? { eventAt } : {}),
      };
    });
    return {
      ok: true,
      page: {
        items,
        hasMore: payloadAt(result, ['hasMore']) === true,
      },
    };
  }

  private send(member: TimelineMember, item: StreamItem): void {
    if (member.held) {
      member.held.push(item);
      // Live entries held for a member still replaying are bounded like its stream.
      if (member.held.length > member.subscriber.stream.capacity) {
        member.held = [];
        member.subscriber.stream.overflow();
      }
      return;
    }
    if (member.caughtUpTo !== null && (item.cursor ?? 0) <= member.caughtUpTo) return;
    member.subscriber.stream.push(item);
  }

  private representative(): Subscriber | undefined {
    return this.members.keys().next().value;
  }

  private terminal(result: FormattedExecutionResult): FormattedExecutionResult {
    const errors = (result.errors ?? []).map(({ path: _path, ...error }) => error);
    return errors.length > 0 ? { errors } : errorResult('The incident cannot be followed', 'NOT_FOUND');
  }

  private end(result: FormattedExecutionResult): void {
    for (const subscriber of this.members.keys()) subscriber.stream.finish(result);
    this.members.clear();
    this.onEnded();
  }
}
