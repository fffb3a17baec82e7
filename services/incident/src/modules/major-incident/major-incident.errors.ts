import { DomainError } from '@mim/errors';

/** Declaring is done once: a major incident stays major (its later stages come with the process). */
export const alreadyMajor = (declaredAt: Date | null) =>
  new DomainError(
    'INVALID_TRANSITION',
    `The incident is already a major incident${declaredAt ? ` (declared ${declaredAt.toISOString()})` : ''}`,
    { majorDeclaredAt: declaredAt?.toISOString() ?? null },
  );
