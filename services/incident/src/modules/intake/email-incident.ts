import { type Caller, systemCaller } from '@mim/auth';
import type { CommentVisibility, Impact, Urgency } from '@mim/contracts';
import { fit } from './alert-incident';
import type { ParsedEmail } from './email-intake';

/**
 * What an email becomes in the incident service. Pure: the email receiver looks the referenced incident
 * up, asks these functions, and calls the incident use cases inside one transaction.
 *
 * - No existing incident number in the subject: a new incident, channel EMAIL, reported by the sender
 *   (From), title = subject, description = text, at `emailClassification` until someone triages it.
 * - A reply whose subject names an existing incident: a comment on it. From the incident's reporter
 *   (same address, compared without case) it is a PUBLIC comment in their name, as if they had written
 *   it in the portal. From anyone else it is an INTERNAL work note, attributed to the sender and marked
 *   as such: a stranger who guesses or copies a number can never post on someone's ticket where the
 *   reporter reads it. Staff read the note and decide.
 *
 * The From address is taken as given: it is as trustworthy as the mail server that checked it
 * (SPF/DKIM/DMARC belong there, before the message is piped to the intake).
 */

/** Every emailed incident starts here (P5 in the default matrix); the service desk reclassifies it. */
export const emailClassification: { impact: Impact; urgency: Urgency } = {
  impact: 'MODERATE',
  urgency: 'MEDIUM',
};

export const emailIntakeCaller = systemCaller('email-intake');

const limits = { title: 200, description: 20_000, comment: 10_000, name: 200 };

export function emailIncidentInput(email: ParsedEmail) {
  const title = fit(email.subject, limits.title) || fit(`Email from ${email.from.name}`, limits.title);
  return {
    title,
    description: fit(email.text, limits.description) || title,
    channel: 'EMAIL' as const,
    ...emailClassification,
    reporter: { name: fit(email.from.name, limits.name) || email.from.email, email: email.from.email },
  };
}

export interface EmailReply {
  /** Who the comment is from: the reporter themselves, or the sender through the intake. */
  caller: Caller;
  visibility: CommentVisibility;
  body: string;
}

export function isFromReporter(email: ParsedEmail, incident: { reporterEmail: string | null }): boolean {
  return incident.reporterEmail !== null && sameAddress(incident.reporterEmail, email.from.email);
}

/** The comment a reply to an existing incident becomes (see above). */
export function emailReply(
  email: ParsedEmail,
  incident: { number: string; reporterId: string; reporterEmail: string | null },
): EmailReply {
  const name = fit(email.from.name, limits.name) || email.from.email;
  const text = fit(email.text, limits.comment) || fit(email.subject, limits.comment) || '(empty message)';
  if (isFromReporter(email, incident)) {
    return {
      // The reporter as an end user: may comment publicly on their own incident, nothing else.
      caller: {
        subject: incident.reporterId,
        name,
        email: email.from.email,
        roles: ['end_user'],
        expiresAt: Number.MAX_SAFE_INTEGER,
      },
      visibility: 'PUBLIC',
      body: text,
    };
  }
  const header = `Email from ${name} <${email.from.email}>, who is not the reporter of ${incident.number}; not shown to the reporter.`;
  return {
    // The intake's own authority writes the note (a stranger may not), attributed to the sender.
    caller: {
      ...emailIntakeCaller,
      subject: `contact:${email.from.email.toLowerCase()}`,
      name,
      email: email.from.email,
    },
    visibility: 'INTERNAL',
    body: fit(`${header}\n\n${text}`, limits.comment),
  };
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
