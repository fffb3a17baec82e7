import { DomainError } from '@mim/errors';

export const ruleNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Notification rule ${id} not found`, { ruleId: id });

export const ruleChanged = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The notification rule changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );

export const ruleNameTaken = (name: string) =>
  new DomainError('NAME_TAKEN', `A notification rule named ${name} already exists`, { name });
