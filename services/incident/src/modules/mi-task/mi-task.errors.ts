import type { MiTaskStatus } from '@mim/contracts';
import { DomainError } from '@mim/errors';

export const taskNotFound = (taskId: string) =>
  new DomainError('NOT_FOUND', `Task ${taskId} not found`, { taskId });

export const staleTaskVersion = (expected: number, actual: number) =>
  new DomainError('CONFLICT', `The task changed since you read it (version ${actual}, you had ${expected})`, {
    expectedVersion: expected,
    actualVersion: actual,
  });

export const invalidTaskTransition = (from: MiTaskStatus, action: string) =>
  new DomainError('INVALID_TRANSITION', `A ${from} task cannot be ${action}`, { status: from, action });

export const notYourTask = (action: string) =>
  new DomainError('FORBIDDEN', `Only the task's owner or the major incident manager may ${action} it`);

export const notOnTeam = () =>
  new DomainError(
    'FORBIDDEN',
    "Tasks are created and assigned by the major incident manager and the incident's team " +
      '(roles major_incident_manager, mi_team_member, or a participant of the incident other than an external consultant)',
  );

export const dueInThePast = (dueAt: Date) =>
  new DomainError('BAD_USER_INPUT', `Invalid input: dueAt must be in the future (${dueAt.toISOString()})`, {
    fields: [{ path: 'dueAt', message: 'must be in the future' }],
  });
