import { type NodemailerError, type Transporter, createTransport } from 'nodemailer';
import {
  type AttemptResult,
  type ChannelSender,
  type ClaimedDelivery,
  permanentFailure,
  sent,
  transientFailure,
} from './delivery.attempt';

export interface EmailSenderOptions {
  /** `smtp://host:port` (or `smtps://`, credentials in the URL). */
  smtpUrl: string;
  /** The From header: `Name <address>`. */
  from: string;
  /** Connecting, the greeting and each command give up after this long. */
  timeoutMs: number;
  /** Pooled SMTP connections. */
  maxConnections?: number;
}

/**
 * Email over SMTP through a pool of connections (nodemailer). Every message carries the stable
 * `Message-ID: <delivery id@sender domain>` and `X-MIM-Delivery-Id`, so a mailbox or a receiver can drop
 * the repeat of an attempt whose acceptance we did not get to record.
 *
 * The server's reply decides: a 5xx refusal of the envelope or the message (unknown mailbox, policy) is
 * permanent; a 4xx (greylisting, mailbox busy), a connection failure, a timeout or an authentication or
 * TLS problem (the server's configuration, not the message's) is retried.
 */
export class EmailSender implements ChannelSender {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly options: EmailSenderOptions) {
    this.transport = createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: options.maxConnections ?? 5,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    this.domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'mim.local';
  }

  async send(delivery: ClaimedDelivery): Promise<AttemptResult> {
    if (!delivery.destination) return permanentFailure('the delivery has no email address');
    const html = delivery.payload?.html;
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: { name: delivery.recipientName ?? '', address: delivery.destination },
        subject: delivery.subject,
        text: delivery.body,
        ...(typeof html === 'string' ? { html } : {}),
        messageId: `<${delivery.id}@${this.domain}>`,
        headers: { 'X-MIM-Delivery-Id': delivery.id, 'X-MIM-Event': delivery.event },
        signal: AbortSignal.timeout(this.options.timeoutMs * 3),
      });
      return sent;
    } catch (error) {
      return emailFailure(error);
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

/** Classifies a nodemailer error (see the class comment). */
export function emailFailure(error: unknown): AttemptResult {
  const failure = error as Partial<NodemailerError> | null;
  const code = failure?.code;
  const responseCode = failure?.responseCode;
  const described = describeSmtpError(error);
  const refusedMessage = code === 'EENVELOPE' || code === 'EMESSAGE';
  const permanentReply =
    typeof responseCode === 'number'
      ? (failure?.permanent ?? (responseCode >= 500 && responseCode < 600))
      : false;
  return refusedMessage && permanentReply ? permanentFailure(described) : transientFailure(described);
}

/** Duck-typed, as errors from Node's own modules may come from another realm (a test sandbox). */
function describeSmtpError(error: unknown): string {
  const { code, responseCode, response, message } = (error ?? {}) as Partial<NodemailerError>;
  const reply = response ?? (typeof message === 'string' ? message : String(error));
  const codes = [code, responseCode].filter((part) => part !== undefined).join(' ');
  return `SMTP${codes ? ` ${codes}` : ''}: ${reply}`;
}
