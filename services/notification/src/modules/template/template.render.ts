import Handlebars from 'handlebars';
import type { NotificationFacts, RenderedMessage } from '../notification/notification.facts';
import {
  type Locale,
  type NotificationAudience,
  type NotificationTrigger,
  locales,
  notificationTriggers,
} from '../notification/notification.vocabulary';
import { type TemplateVariant, templateVariants, variantOf } from './template.catalogue';
import { english } from './template.en';
import { french } from './template.fr';
import type { LanguageSources } from './template.sources';

/** A template could not be rendered: a fact it reads is missing, or a helper got a wrong value. */
export class TemplateRenderError extends Error {
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`template ${key} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TemplateRenderError';
  }
}

/**
 * `strict`: a variable missing from the facts is an error rather than an empty string (a message with a
 * hole is worse than none). `noEscape`: the text is plain text; the HTML part escapes it afterwards.
 */
const compileOptions: Parameters<typeof Handlebars.compile>[1] = { strict: true, noEscape: true };

type Render = (facts: NotificationFacts) => string;
type FooterRender = (link: { url: string; number: string }) => string;
interface CompiledMessage {
  subject: Render;
  text: Render;
}
interface CompiledLanguage {
  messages: Record<NotificationTrigger, Record<TemplateVariant, CompiledMessage>>;
  footer: { text: FooterRender; linkText: FooterRender };
}

/** Every template of every language, parsed once when the module loads (a syntax error fails the load). */
const compiled: Record<Locale, CompiledLanguage> = {
  en: compileLanguage(english),
  fr: compileLanguage(french),
};

/**
 * The message of a template for an audience, in a language, from the facts of one event (pure). The text
 * ends with a link to the incident; the HTML part is the text escaped, in paragraphs, with the link.
 */
export function renderMessage(options: {
  template: NotificationTrigger;
  audience: NotificationAudience;
  locale: Locale;
  facts: NotificationFacts;
}): RenderedMessage {
  const variant = variantOf(options.audience);
  const key = `${options.template}/${variant}/${options.locale}`;
  const language = compiled[options.locale];
  const message = language.messages[options.template][variant];
  try {
    const body = paragraphs(message.text(options.facts));
    const link = { url: options.facts.incident.url, number: options.facts.incident.number };
    return {
      subject: oneLine(message.subject(options.facts)),
      text: `${body}\n\n${language.footer.text(link)}`,
      html: htmlOf(body, link.url, language.footer.linkText(link)),
    };
  } catch (error) {
    throw new TemplateRenderError(key, error);
  }
}

function compileLanguage(sources: LanguageSources): CompiledLanguage {
  const handlebars = Handlebars.create();
  registerHelpers(handlebars, sources);
  for (const [name, source] of Object.entries(sources.partials)) {
    handlebars.registerPartial(name, handlebars.compile(handlebars.parse(source), compileOptions));
  }
  const compile = (source: string): Render => handlebars.compile(handlebars.parse(source), compileOptions);
  const messages = Object.fromEntries(
    notificationTriggers.map((trigger) => [
      trigger,
      Object.fromEntries(
        templateVariants.map((variant) => {
          const source = sources.messages[trigger][variant];
          return [variant, { subject: compile(source.subject), text: compile(source.text) }];
        }),
      ),
    ]),
  ) as CompiledLanguage['messages'];
  const footer = (source: string): FooterRender =>
    handlebars.compile(handlebars.parse(source), compileOptions);
  return {
    messages,
    footer: { text: footer(sources.footer.text), linkText: footer(sources.footer.linkText) },
  };
}

function registerHelpers(handlebars: typeof Handlebars, sources: LanguageSources): void {
  const dates = new Intl.DateTimeFormat(sources.intlLocale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const lists = new Intl.ListFormat(sources.intlLocale, { style: 'long', type: 'conjunction' });
  handlebars.registerHelper('date', (value: unknown) => {
    const instant = typeof value === 'string' ? new Date(value) : null;
    if (!instant || Number.isNaN(instant.getTime())) {
      throw new Error(`date expects an ISO 8601 instant, got ${JSON.stringify(value)}`);
    }
    return dates.format(instant);
  });
  handlebars.registerHelper('list', (values: unknown, fallback: unknown) => {
    if (!Array.isArray(values) || typeof fallback !== 'string') {
      throw new Error('list expects a list and a fallback text');
    }
    return values.length > 0 ? lists.format(values.map(String)) : fallback;
  });
  handlebars.registerHelper('status', (status: unknown) =>
    typeof status === 'string' ? (sources.statuses[status] ?? status) : String(status),
  );
  handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);
}

/** Subjects are one line: a title's line breaks and runs of spaces become one space. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Trailing spaces dropped, at most one blank line between paragraphs, none at the ends. */
const paragraphs = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

function htmlOf(body: string, url: string, linkText: string): string {
  const escape = Handlebars.Utils.escapeExpression;
  const parts = body
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${paragraph.split('\n').map(escape).join('<br>\n')}</p>`);
  parts.push(`<p><a href="${escape(url)}">${escape(linkText)}</a></p>`);
  return parts.join('\n');
}

/** Every (template, variant, locale) there is, for tests and documentation. */
export const templateKeys = notificationTriggers.flatMap((template) =>
  templateVariants.flatMap((variant) => locales.map((locale) => ({ template, variant, locale }))),
);
