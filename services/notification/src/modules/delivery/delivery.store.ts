import { appendToOutbox } from '@mim/messaging';
import type { DataSource } from 'typeorm';
import { sentEvent } from '../notification/notification.records';
import type { ClaimedDelivery } from './delivery.attempt';

/** The channels that leave the service; in-app deliveries are never PENDING. */
const outgoingChannels = `('EMAIL', 'WEBHOOK')`;

/** What to write for one finished attempt. */
export interface DeliveryOutcome {
  id: string;
  channel: ClaimedDelivery['channel'];
  lease: Date;
  kind: 'sent' | 'retry' | 'dead_lettered';
  /** retry: wait this long before the next attempt. */
  delayMs: number;
  /** retry and dead_lettered: why. */
  error: string | null;
}

export interface RecordedOutcome {
  id: string;
  kind: DeliveryOutcome['kind'];
  channel: string;
}

interface ClaimedRow {
  id: string;
  channel: 'EMAIL' | 'WEBHOOK';
  recipient_name: string | null;
  destination: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown> | null;
  template: string | null;
  source_event_type: string | null;
  webhook_endpoint_id: string | null;
  incident_id: string | null;
  source_event_id: string;
  correlation_id: string | null;
  attempts: number;
  last_error: string | null;
  lease: Date;
  endpoint_id: string | null;
  endpoint_name: string | null;
  endpoint_url: string | null;
  endpoint_secret: string | null;
  endpoint_enabled: boolean | null;
}

interface SentRow {
  id: string;
  kind: DeliveryOutcome['kind'];
  channel: 'IN_APP' | 'EMAIL' | 'WEBHOOK';
  incident_id: string | null;
  recipient_id: string;
  subject: string;
  source_event_id: string;
  correlation_id: string | null;
  sent_at: Date | null;
}

/**
 * The dispatcher's statements over the `notification` table (the delivery and its work item at once).
 * Each is one round trip, whatever the batch size.
 */
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due deliveries in one statement: `FOR UPDATE SKIP LOCKED` (replicas never wait
   * on each other nor claim the same row), counts the attempt and stamps a lease, written both to
   * `locked_until` and `next_attempt_at`, so a claim abandoned by a crash is simply due again when the
   * lease ends. It commits at once (autocommit): no transaction stays open while sending. The webhook
   * endpoint is read here, at send time: its URL, secret and `enabled` as they are now.
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.dataSource.query<ClaimedRow[]>(
      `WITH due AS (
         SELECT id FROM notification
         WHERE status = 'PENDING' AND next_attempt_at <= now() AND channel IN ${outgoingChannels}
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       ), lease AS (
         SELECT date_trunc('milliseconds', clock_timestamp() + $2 * interval '1 millisecond') AS until
       ), claimed AS (
         UPDATE notification AS n SET
           attempts = n.attempts + 1,
           locked_until = lease.until,
           next_attempt_at = lease.until,
           last_error = CASE WHEN n.locked_until IS NULL THEN n.last_error
                        ELSE 'attempt ' || n.attempts || ' did not finish within its lease' END
         FROM due, lease
         WHERE n.id = due.id
         RETURNING n.id, n.channel, n.recipient_name, n.destination, n.subject, n.body,
                   n.payload, n.template, n.source_event_type, n.webhook_endpoint_id, n.incident_id,
                   n.source_event_id, n.correlation_id, n.attempts, n.last_error, n.locked_until AS lease
       )
       SELECT claimed.*, e.id AS endpoint_id, e.name AS endpoint_name, e.url AS endpoint_url,
              e.secret AS endpoint_secret, e.enabled AS endpoint_enabled
       FROM claimed LEFT JOIN webhook_endpoint AS e ON e.id = claimed.webhook_endpoint_id`,
      [limit, leaseMs],
    );
    return rows.map(toClaimedDelivery);
  }

  /**
   * Records finished attempts in one transaction: one UPDATE for the whole batch, then one outbox insert
   * with a `notification.sent.v1` per delivery sent. Each row changes only if it still carries the claim
   * of the attempt (`locked_until` unchanged): an attempt that outlived its lease and was claimed again
   * elsewhere leaves the newer claim alone. Returns the rows it changed.
   */
  async record(outcomes: readonly DeliveryOutcome[]): Promise<RecordedOutcome[]> {
    if (outcomes.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      // An UPDATE answers [rows, count] through TypeORM's PostgreSQL driver.
      const [rows] = await manager.query<[SentRow[], number]>(
        `WITH outcome AS (
           SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::float8[], $5::text[])
             AS o(id, lease, kind, delay_ms, error)
         )
         UPDATE notification AS n SET
           status = CASE o.kind WHEN 'sent' THEN 'SENT' WHEN 'dead_lettered' THEN 'DEAD_LETTERED'
                    ELSE 'PENDING' END,
           sent_at = CASE WHEN o.kind = 'sent' THEN clock_timestamp() ELSE n.sent_at END,
           dead_lettered_at = CASE WHEN o.kind = 'dead_lettered' THEN clock_timestamp() END,
           last_error = CASE WHEN o.kind = 'sent' THEN NULL ELSE o.error END,
           next_attempt_at = CASE WHEN o.kind = 'retry'
                             THEN clock_timestamp() + o.delay_ms * interval '1 millisecond' END,
           locked_until = NULL
         FROM outcome AS o
         WHERE n.id = o.id AND n.locked_until = o.lease AND n.status = 'PENDING'
         RETURNING n.id, o.kind, n.channel, n.incident_id, n.recipient_id, n.subject, n.source_event_id,
                   n.correlation_id, n.sent_at`,
        [
          outcomes.map((outcome) => outcome.id),
          outcomes.map((outcome) => outcome.lease.toISOString()),
          outcomes.map((outcome) => outcome.kind),
          outcomes.map((outcome) => outcome.delayMs),
          outcomes.map((outcome) => outcome.error),
        ],
      );
      const sentRows = rows.filter((row) => row.kind === 'sent');
      await appendToOutbox(
        manager,
        sentRows.map((row) =>
          sentEvent(
            {
              id: row.id,
              incidentId: row.incident_id,
              recipientId: row.recipient_id,
              channel: row.channel,
              subject: row.subject,
              sourceEventId: row.source_event_id,
            },
            { correlationId: row.correlation_id ?? row.source_event_id, at: row.sent_at ?? new Date() },
          ),
        ),
      );
      return rows.map((row) => ({ id: row.id, kind: row.kind, channel: row.channel }));
    });
  }

  /**
   * Gives back claims that were never attempted (the dispatcher is stopping): due at once again, the
   * attempt not counted.
   */
  async release(claims: ReadonlyArray<Pick<ClaimedDelivery, 'id' | 'lease'>>): Promise<void> {
    if (claims.length === 0) return;
    await this.dataSource.query(
      `UPDATE notification AS n SET
         attempts = n.attempts - 1, locked_until = NULL, next_attempt_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[]) AS r(id, lease)
       WHERE n.id = r.id AND n.locked_until = r.lease AND n.status = 'PENDING'`,
      [claims.map((claim) => claim.id), claims.map((claim) => claim.lease.toISOString())],
    );
  }

  /** Database time until the earliest pending delivery is due (0 if one is due), capped. */
  async msUntilNextDue(capMs: number): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ ms: number | null }>>(
      `SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - clock_timestamp()) * 1000)::float8 AS ms
       FROM notification WHERE status = 'PENDING' AND channel IN ${outgoingChannels}`,
    );
    const ms = row?.ms ?? null;
    return ms === null ? capMs : Math.min(capMs, Math.max(0, Math.ceil(ms)));
  }
}

function toClaimedDelivery(row: ClaimedRow): ClaimedDelivery {
  return {
    id: row.id,
    channel: row.channel,
    recipientName: row.recipient_name,
    destination: row.destination,
    subject: row.subject,
    body: row.body,
    payload: row.payload,
    event: row.template ?? row.source_event_type ?? 'notification',
    endpoint:
      row.endpoint_id === null
        ? null
        : {
            id: row.endpoint_id,
            name: row.endpoint_name ?? '',
            url: row.endpoint_url ?? '',
            secret: row.endpoint_secret ?? '',
            enabled: row.endpoint_enabled === true,
          },
    webhookEndpointId: row.webhook_endpoint_id,
    incidentId: row.incident_id,
    correlationId: row.correlation_id ?? row.source_event_id,
    attempt: row.attempts,
    lastError: row.last_error,
    lease: row.lease,
  };
}
