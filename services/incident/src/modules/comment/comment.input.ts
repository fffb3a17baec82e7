import { commentVisibilitySchema } from '@mim/contracts';
import { z } from 'zod';
import { incidentIdArg, requiredText } from '../../validation';
import { importedAt } from '../import/import.input';

export const commentBodyLimit = 10_000;

export const addCommentInput = z.object({
  incidentId: incidentIdArg,
  body: requiredText(commentBodyLimit),
  visibility: commentVisibilitySchema,
  at: importedAt,
});
