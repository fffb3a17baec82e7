import { DomainError } from '@mim/errors';

export const templateNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Standard change template ${id} not found`, { templateId: id });

export const staleTemplateVersion = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The template changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );

export const templateRetired = (path: string) =>
  new DomainError('BAD_USER_INPUT', 'Invalid input: the standard change template is retired', {
    fields: [{ path, message: 'is retired' }],
  });

export const retiredTemplateIsFrozen = () =>
  new DomainError(
    'INVALID_TRANSITION',
    'A retired standard change template is kept as it was (changes made from it refer to it)',
  );

export const duplicateTemplateName = (name: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid input: a template named ${name} already exists`, {
    fields: [{ path: 'name', message: 'already exists' }],
  });
