import { DomainError } from '@mim/errors';

export const notAParticipant = (incidentId: string, userId: string) =>
  new DomainError('NOT_FOUND', `${userId} is not on the team of incident ${incidentId}`, {
    incidentId,
    userId,
  });
