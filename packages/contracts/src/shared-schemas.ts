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

/** The service-desk tier that owns an incident: L1 the service desk, L2 more skilled, L3 specialists. */
export const supportTierSchema = z.enum(['L1', 'L2', 'L3']);
export type SupportTier = z.infer<typeof supportTierSchema>;

/** Why an incident waits (ON_HOLD); OTHER needs a note. */
export const holdReasonSchema = z.enum(['AWAITING_USER', 'AWAITING_VENDOR', 'AWAITING_CHANGE', 'OTHER']);
export type HoldReason = z.infer<typeof holdReasonSchema>;

/** How an incident was resolved: a fixed list, so resolutions can be counted and compared. */
export const resolutionCodeSchema = z.enum([
  'PERMANENT_FIX',
  'WORKAROUND',
  'RESOLVED_BY_CHANGE',
  'RESOLVED_BY_VENDOR',
  'USER_INSTRUCTED',
  'REQUEST_FULFILLED',
  'NOT_REPRODUCIBLE',
  'RESOLVED_BY_CALLER',
]);
export type ResolutionCode = z.infer<typeof resolutionCodeSchema>;

/** A public comment is visible to the reporter; an internal work note to staff only. */
export const commentVisibilitySchema = z.enum(['PUBLIC', 'INTERNAL']);
export type CommentVisibility = z.infer<typeof commentVisibilitySchema>;

/** A named person (assignee, manager): a user id and a display name. */
export const personSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });
export type Person = z.infer<typeof personSchema>;

/** Human-readable record numbers (INC-000123, PRB-000007, CHG-000031); the prefix is configurable. */
export const recordNumberSchema = z.string().regex(/^[A-Z]{2,6}-\d{6,}$/);
