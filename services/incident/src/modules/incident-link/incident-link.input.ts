import { z } from 'zod';
import { incidentIdArg } from '../../validation';

/** At most this many incidents are linked by one change. */
export const maxChildrenPerLink = 100;

export const linkIncidentsInput = z.object({
  majorIncidentId: incidentIdArg,
  incidentIds: z
    .array(incidentIdArg)
    .min(1, 'must name at least one incident')
    .max(maxChildrenPerLink, `at most ${maxChildrenPerLink} incidents at a time`),
});

export const unlinkIncidentInput = z.object({
  majorIncidentId: incidentIdArg,
  incidentId: incidentIdArg,
});
