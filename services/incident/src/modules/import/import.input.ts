import { z } from 'zod';

/**
 * `at` of the actions that accept one (import and replay): when the action happened, in the past.
 * Absent or null: now. Who may give it and what it must respect: import.domain.ts.
 */
export const importedAt = z.date().nullish();
