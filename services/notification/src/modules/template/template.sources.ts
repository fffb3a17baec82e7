import type { NotificationTrigger } from '../notification/notification.vocabulary';
import type { TemplateVariant } from './template.catalogue';

/** One message as Handlebars sources: the subject line and the plain text (paragraphs: blank lines). */
export interface MessageSource {
  subject: string;
  text: string;
}

/**
 * Everything one language needs: a message per trigger and variant, the partials they share, and the
 * words helpers print. Templates see `NotificationFacts`; helpers: `date` (an ISO instant in this
 * language, with UTC shown), `list` (values joined as this language does, or the fallback when empty),
 * `status` (an incident status in words), `eq` (equality, for `{{#if (eq a "B")}}`).
 */
export interface LanguageSources {
  /** Intl locale for dates and lists. */
  intlLocale: string;
  messages: Record<NotificationTrigger, Record<TemplateVariant, MessageSource>>;
  /** `details` (the incident for staff) and `what` ("report" or "request"). */
  partials: { details: string; what: string };
  /** Incident statuses in words; unknown ones are printed as they are. */
  statuses: Record<string, string>;
  /** The text's last line and the HTML link's text: templates of `{ url, number }` (the incident's). */
  footer: { text: string; linkText: string };
}
