import { type Caller, isStaff } from '@mim/auth';
import { DomainError } from '@mim/errors';
import { parseInput } from '@mim/service-kit';
import { z } from 'zod';
import type { NotificationFacts, RenderedMessage } from '../notification/notification.facts';
import { localeOf } from '../notification/notification.language';
import {
  type NotificationTrigger,
  notificationAudiences,
  notificationTriggers,
} from '../notification/notification.vocabulary';
import { renderMessage } from './template.render';
import { sampleFacts } from './template.sample';

const previewArgs = z.object({
  template: z.enum(notificationTriggers),
  audience: z.enum(notificationAudiences),
  language: z.enum(['EN', 'FR']).transform(localeOf),
});

/** Where a preview's facts come from: the sample incident, or (later) a real one. */
export type PreviewFacts = (template: NotificationTrigger) => NotificationFacts | Promise<NotificationFacts>;

/** Previews of the message templates (the templates themselves are code: template.en.ts, template.fr.ts). */
export class TemplateService {
  constructor(private readonly factsFor: PreviewFacts = sampleFacts) {}

  /** A template rendered for an audience and a language. Staff only. */
  async preview(caller: Caller, rawArgs: unknown): Promise<RenderedMessage> {
    if (!isStaff(caller)) throw new DomainError('FORBIDDEN', 'Only staff may preview notification templates');
    const { template, audience, language } = parseInput(previewArgs, rawArgs);
    return renderMessage({ template, audience, locale: language, facts: await this.factsFor(template) });
  }
}
