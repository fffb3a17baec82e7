import { DomainError } from '@mim/errors';
import { type AddressObject, type EmailAddress, simpleParser } from 'mailparser';
import { z } from 'zod';

/** A message received by email, reduced to what an incident or a comment needs. */
export interface ParsedEmail {
  /** `name` is the display name, or the address when the message gives none. */
  from: { name: string; email: string };
  /** Decoded (RFC 2047 encoded words included); empty when the message has none. */
  subject: string;
  /** The plain-text body; HTML converted to text when there is no plain-text part. */
  text: string;
  /** Angle brackets included, as in the header; null when absent. */
  messageId: string | null;
  inReplyTo: string | null;
  /** The first record number in the subject (`RE: [INC-000123] ...` gives `INC-000123`), or null. */
  referencedNumber: string | null;
  /** When MIM received it (the sender's `Date` header can be wrong or forged: see `sentAt`). */
  receivedAt: Date;
  sentAt: Date | null;
}

export interface EmailIntakeOptions {
  /** Larger messages are refused before parsing. */
  maxBytes: number;
  /** The incident number prefix (`INC`), as configured for the service. */
  numberPrefix: string;
  now?: () => Date;
}

const emailAddress = z.email();

/**
 * Parses a raw RFC 822 / MIME message (as a mail server's pipe or webhook delivers it) with
 * `mailparser`. Refuses, with BAD_USER_INPUT, a message over `maxBytes` and one without a usable From.
 */
export async function parseEmail(raw: Buffer, options: EmailIntakeOptions): Promise<ParsedEmail> {
  if (raw.length > options.maxBytes) {
    throw badInput(`The message is ${raw.length} bytes; the limit is ${options.maxBytes}`, 'message');
  }
  if (raw.length === 0) throw badInput('The message is empty', 'message');
  const mail = await simpleParser(raw, {
    // What we need is text: no HTML rendering of the text part, no inlining of images into the HTML.
    skipTextToHtml: true,
    skipImageLinks: true,
    keepCidLinks: true,
    maxHtmlLengthToParse: options.maxBytes,
    checksumAlgo: false,
  });
  const from = firstMailbox(mail.from);
  if (!from) throw badInput('The message has no From address', 'from');
  const subject = (mail.subject ?? '').trim();
  return {
    from: { name: from.name.trim() || from.address, email: from.address },
    subject,
    text: (mail.text ?? '').trim(),
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    referencedNumber: findRecordNumber(subject, options.numberPrefix),
    receivedAt: options.now?.() ?? new Date(),
    sentAt: mail.headers.has('date') && mail.date ? mail.date : null,
  };
}

/** The first `<prefix>-<6+ digits>` in a text, in upper case; the match ignores case. */
export function findRecordNumber(text: string, prefix: string): string | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![A-Za-z0-9])${escaped}-\\d{6,}(?![0-9])`, 'i').exec(text);
  return match ? match[0].toUpperCase() : null;
}

function firstMailbox(from: AddressObject | undefined): { name: string; address: string } | null {
  const mailboxes = (from?.value ?? []).flatMap((entry: EmailAddress) => entry.group ?? [entry]);
  for (const mailbox of mailboxes) {
    const address = mailbox.address?.trim();
    if (address && emailAddress.safeParse(address).success) return { name: mailbox.name, address };
  }
  return null;
}

function badInput(message: string, path: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { fields: [{ path, message }] });
}
