import { DomainError } from '@mim/errors';

/** Declaring is done once: a major incident stays major (its later stages come with the process). */
export const alreadyMajor = (declaredAt: Date | null) =>
  new DomainError(
    'INVALID_TRANSITION',
    `The incident is already a major incident${declaredAt ? ` (declared ${declaredAt.toISOString()})` : ''}`,
    { majorDeclaredAt: declaredAt?.toISOString() ?? null },
  );

/** A major incident resolved before any of its fixing changes is implemented, without a reason. */
export const fixNotImplemented = (
  fixingChanges: ReadonlyArray<{ changeId: string; number: string; status: string }>,
) =>
  new DomainError(
    'FIX_NOT_IMPLEMENTED',
    `A major incident is resolved by an implemented change, and ${
      fixingChanges.length === 0
        ? 'no change fixes it yet'
        : `none of its fixing changes is implemented yet (${fixingChanges
            .map((change) => `${change.number} ${change.status}`)
            .join(', ')})`
    }; wait for the change, or give resolutionWithoutChangeReason to resolve it without one`,
    { fixingChanges: fixingChanges.map(({ changeId, number, status }) => ({ changeId, number, status })) },
  );
