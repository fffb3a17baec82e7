import { DomainError } from '@mim/errors';

export const stakeholderGroupNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Stakeholder group ${id} not found`, { groupId: id });

export const stakeholderGroupChanged = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The stakeholder group changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );

export const stakeholderGroupNameTaken = (name: string) =>
  new DomainError('NAME_TAKEN', `A stakeholder group named ${name} already exists`, { name });

export const unknownStakeholders = (userIds: readonly string[]) =>
  new DomainError(
    'UNKNOWN_STAKEHOLDERS',
    `Not in the stakeholder directory: ${userIds.join(', ')}; add them with saveStakeholder first`,
    { userIds },
  );
