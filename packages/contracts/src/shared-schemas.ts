import { z } from 'zod';

/** Vocabulary shared by several events; one definition so producers and consumers agree. */
export const prioritySchema = z.enum(['P1', 'P2', 'P3', 'P4', 'P5']);
export type Priority = z.infer<typeof prioritySchema>;

/** 1 is the highest impact / urgency, 4 the lowest (the usual ITIL scale). */
export const impactSchema = z.enum(['EXTENSIVE', 'SIGNIFICANT', 'MODERATE', 'MINOR']);
export const urgencySchema = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
export type Impact = z.infer<typeof impactSchema>;
export type Urgency = z.infer<typeof urgencySchema>;

export const incidentStatusSchema = z.enum([
  'NEW',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'ON_HOLD',
  'RESOLVED',
  'CLOSED',
  'CANCELLED',
]);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const intakeChannelSchema = z.enum(['PORTAL', 'EMAIL', 'PHONE', 'MONITORING', 'CHAT', 'API']);
export type IntakeChannel = z.infer<typeof intakeChannelSchema>;

export const reporterSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.email().nullable(),
});
export type Reporter = z.infer<typeof reporterSchema>;

/** Human-readable record numbers (INC-000123, PRB-000007, CHG-000031); the prefix is configurable. */
export const recordNumberSchema = z.string().regex(/^[A-Z]{2,6}-\d{6,}$/);
