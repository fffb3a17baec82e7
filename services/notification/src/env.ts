import { type ServiceEnv, parseEnv, serviceEnv } from '@mim/config';
import { z } from 'zod';
import { locales } from './modules/notification/notification.vocabulary';

const schema = serviceEnv(4004, {
  /**
   * Outgoing email and webhooks (modules/delivery): the SMTP server (`smtp://host:port`, `smtps://` for
   * TLS, credentials in the URL if it needs them) and the sender address.
   */
  SMTP_URL: z
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')
    .default('smtp://127.0.0.1:2525'),
  SMTP_FROM: z.string().min(3).default('MIM <mim@localhost>'),
  /**
   * Events each consumer handles at once. Every reaction first locks its incident's snapshot row, so the
   * events of one incident (any subject) are applied one at a time, and each part of the snapshot keeps
   * the version (or time) it was set from, so their order does not matter; events of different incidents
   * run side by side. Each one holds a database connection while it runs: with 12 consumers, mind
   * DATABASE_POOL_SIZE.
   */
  NOTIFICATION_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Attempts per delivery, the first included; then it is dead-lettered (resendNotification). */
  NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** Retry backoff: exponential from the base, capped, with full jitter; a Retry-After counts up to the cap. */
  NOTIFICATION_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2000),
  NOTIFICATION_RETRY_MAX_MS: z.coerce.number().int().min(1).default(600_000),
  /** Sends in flight at once, per replica. */
  NOTIFICATION_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** One SMTP or HTTP attempt gives up after this long (and is retried). */
  NOTIFICATION_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How long a claimed attempt keeps a delivery from other replicas; a crashed sender's claim expires. */
  NOTIFICATION_SEND_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** The link messages give to an incident; `{id}` is replaced by its id. */
  NOTIFICATION_INCIDENT_URL: z
    .string()
    .refine((value) => value.includes('{id}'), 'must contain {id}')
    .default('http://localhost:4000/incidents/{id}'),
  /**
   * Hierarchical escalation: an incident still unacknowledged this long after its first-response target
   * passed is escalated to management (the next tier was told when the target passed).
   */
  NOTIFICATION_ESCALATE_TO_MANAGER_AFTER_MINUTES: z.coerce.number().min(0).max(10_080).default(30),
  /**
   * The language (en or fr) of messages to people who never chose one (a stakeholder's own language
   * wins) and to webhook endpoints.
   */
  NOTIFICATION_DEFAULT_LANGUAGE: z.enum(locales).default('en'),
});

export type NotificationEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): NotificationEnv {
  return parseEnv(schema, source);
}
