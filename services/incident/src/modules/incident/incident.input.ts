import { impactSchema, intakeChannelSchema, urgencySchema } from '@mim/contracts';
import { pageArgs } from '@mim/service-kit';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** Server-side rules for logging an incident; GraphQL types only check shapes. */
export const createIncidentInput = z.object({
  title: text(200),
  description: text(20_000),
  kind: z.enum(['INCIDENT', 'SERVICE_REQUEST']).default('INCIDENT'),
  channel: intakeChannelSchema,
  impact: impactSchema,
  urgency: urgencySchema,
  affectedServices: z
    .array(text(100))
    .max(50)
    .default([])
    .transform((services) => [...new Set(services)]),
  category: text(100).nullish(),
  reporter: z.object({ name: text(200), email: z.email().nullish() }).nullish(),
  failureStartedAt: z
    .date()
    .refine((date) => date.getTime() <= Date.now() + 60_000, 'must not be in the future')
    .nullish(),
});
export type CreateIncidentInput = z.output<typeof createIncidentInput>;

export const resolveIncidentInput = z.object({
  id: z.uuid('must be an incident id'),
  expectedVersion: z.number().int().positive(),
  resolutionNotes: text(20_000),
});

export const incidentListArgs = pageArgs.extend({
  filter: z
    .object({
      status: z.array(z.string()).nullish(),
      priority: z.array(z.string()).nullish(),
      service: z.string().nullish(),
    })
    .nullish(),
});
