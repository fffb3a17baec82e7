import { DomainError } from '@mim/errors';

export const freezePeriodNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Freeze period ${id} not found`, { freezePeriodId: id });

export const staleFreezeVersion = (expected: number, actual: number) =>
  new DomainError(
    'CONFLICT',
    `The freeze period changed since you read it (version ${actual}, you had ${expected})`,
    { expectedVersion: expected, actualVersion: actual },
  );

export const invalidFreezeWindow = () =>
  new DomainError('BAD_USER_INPUT', 'Invalid input: end must be after start', {
    fields: [{ path: 'end', message: 'must be after start' }],
  });

/** A change whose planned window falls in freeze periods that cover its services. */
export const changeFrozen = (
  type: string,
  freezes: ReadonlyArray<{ id: string; name: string; start: Date; end: Date }>,
) =>
  new DomainError(
    'CHANGE_FREEZE',
    `A ${type} change cannot be planned in a change freeze: its window overlaps ${freezes
      .map((freeze) => `${freeze.name} (${freeze.start.toISOString()} to ${freeze.end.toISOString()})`)
      .join(', ')}; move the window, or raise an emergency change if it cannot wait`,
    {
      freezePeriods: freezes.map((freeze) => ({
        id: freeze.id,
        name: freeze.name,
        start: freeze.start.toISOString(),
        end: freeze.end.toISOString(),
      })),
    },
  );
