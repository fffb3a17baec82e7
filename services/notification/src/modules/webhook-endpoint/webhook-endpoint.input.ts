import { recordIdArg, requiredText } from '@mim/service-kit';
import { z } from 'zod';
import { webhookFormats } from '../notification/notification.vocabulary';

export const maxWebhookUrlLength = 2000;

/**
 * Where webhooks go: an absolute http(s) URL without credentials (a secret in the URL would be shown to
 * every manager and logged with errors; the signing secret is how receivers authenticate us).
 */
export const webhookUrl = requiredText(maxWebhookUrlLength).superRefine((value, context) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    context.addIssue({ code: 'custom', message: 'must be an absolute URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    context.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
  }
  if (url.username !== '' || url.password !== '') {
    context.addIssue({ code: 'custom', message: 'must not contain credentials (user:password@)' });
  }
});

const webhookFormat = z.enum(webhookFormats);

export const createWebhookEndpointInput = z.object({
  groupId: recordIdArg,
  name: requiredText(200),
  url: webhookUrl,
  format: webhookFormat.nullish().transform((format) => format ?? 'GENERIC'),
});
export type CreateWebhookEndpointInput = z.output<typeof createWebhookEndpointInput>;

/** Only the fields given change; null means "unchanged" as absent does (none of them can be cleared). */
export const updateWebhookEndpointArgs = z.object({
  id: recordIdArg,
  input: z.object({
    name: requiredText(200).nullish(),
    url: webhookUrl.nullish(),
    format: webhookFormat.nullish(),
    enabled: z.boolean().nullish(),
  }),
});

export const webhookEndpointsArgs = z.object({ groupId: recordIdArg.nullish() });
