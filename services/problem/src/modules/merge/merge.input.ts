import { z } from 'zod';
import { expectedVersion, recordIdArg } from '../../validation';

export const mergeProblemsInput = z.object({
  survivorId: recordIdArg,
  survivorExpectedVersion: expectedVersion,
  mergedId: recordIdArg,
  mergedExpectedVersion: expectedVersion,
});
