import { type Caller, type Role, hasRole, isStaff, requireRole } from '@mim/auth';
import { DomainError } from '@mim/errors';

/**
 * Who may see and change where notifications are POSTed. Staff read the endpoints (the people working an
 * incident must see which channels will hear of it); admins and communications leads manage them, as
 * keeping the channels to stakeholders right is the communications lead's job.
 */
export const webhookEndpointManagers = ['communications_lead'] as const satisfies readonly Role[];

export function requireEndpointReader(caller: Caller): void {
  if (!isStaff(caller)) throw new DomainError('FORBIDDEN', 'Only staff may read webhook endpoints');
}

export function requireEndpointManager(caller: Caller): void {
  requireRole(caller, ...webhookEndpointManagers);
}

export function canManageEndpoints(caller: Caller): boolean {
  return hasRole(caller, ...webhookEndpointManagers);
}

/**
 * An endpoint URL as other staff see it: its origin only. Slack and Teams put the credential in the path
 * (`https://hooks.slack.com/services/T.../B.../secret`), so the whole URL is for managers only.
 */
export function redactedUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}
