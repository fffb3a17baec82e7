import { z } from 'zod';
import { expectedVersion, idArg, optionalText } from '../../validation';
import { approvalDecisions } from '../change-request/change-request.domain';

export const recordChangeApprovalInput = z.object({
  id: idArg,
  expectedVersion,
  decision: z.enum(approvalDecisions),
  comment: optionalText(5_000),
});
