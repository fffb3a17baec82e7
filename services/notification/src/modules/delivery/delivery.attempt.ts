/** A delivery claimed for one attempt: what a channel needs to send it, and the claim that holds it. */
export interface ClaimedDelivery {
  id: string;
  channel: 'EMAIL' | 'WEBHOOK';
  recipientName: string | null;
  /** The email address (EMAIL). */
  destination: string | null;
  subject: string;
  /** Plain text: the email's text part. */
  body: string;
  /** `{ html }` for an email; the JSON body for a webhook (as planned, `webhookBody`). */
  payload: Record<string, unknown> | null;
  /** What it is about: the template's trigger, else the source event type (`X-MIM-Event`). */
  event: string;
  /** The endpoint as it is now (WEBHOOK); null when it was deleted meanwhile. */
  endpoint: { id: string; name: string; url: string; secret: string; enabled: boolean } | null;
  webhookEndpointId: string | null;
  /** For the logs: the incident and the request or event chain the delivery belongs to. */
  incidentId: string | null;
  correlationId: string;
  /** Why the previous attempt failed (or that it never finished), if one did. */
  lastError: string | null;
  /** 1 for the first attempt; counted when claimed. */
  attempt: number;
  /** The claim: the row's `locked_until` when this attempt claimed it. Outcomes apply only while it holds. */
  lease: Date;
}

/**
 * How an attempt ended. A failure is `permanent` when trying again cannot help (the mail server refused
 * the address for good, the webhook answered 4xx, the endpoint is gone or disabled): it is dead-lettered
 * at once. Otherwise it is retried after the backoff, or after the receiver's Retry-After.
 */
export type AttemptResult =
  { outcome: 'sent' } | { outcome: 'failed'; permanent: boolean; error: string; retryAfterMs: number | null };

/** One channel's way out (SMTP, HTTP). `send` never throws: every failure is an AttemptResult. */
export interface ChannelSender {
  send(delivery: ClaimedDelivery): Promise<AttemptResult>;
  close(): Promise<void>;
}

export const sent: AttemptResult = { outcome: 'sent' };

export const permanentFailure = (error: string): AttemptResult => ({
  outcome: 'failed',
  permanent: true,
  error: clip(error),
  retryAfterMs: null,
});

export const transientFailure = (error: string, retryAfterMs: number | null = null): AttemptResult => ({
  outcome: 'failed',
  permanent: false,
  error: clip(error),
  retryAfterMs,
});

/** `last_error` stays readable in a list: at most 1000 characters. */
function clip(error: string): string {
  return error.length > 1000 ? `${error.slice(0, 999)}…` : error;
}
