import { DomainError } from '@mim/errors';

export const webhookEndpointNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Webhook endpoint ${id} not found`, { webhookEndpointId: id });

/** The group named by a new endpoint does not exist (or was deleted meanwhile). */
export const endpointGroupNotFound = (groupId: string) =>
  new DomainError('NOT_FOUND', `Stakeholder group ${groupId} not found`, { groupId });
