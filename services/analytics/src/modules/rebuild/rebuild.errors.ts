import { DomainError } from '@mim/errors';

/** Only one rebuild at a time, across every replica and the command line (an advisory lock). */
export const rebuildInProgress = () =>
  new DomainError('CONFLICT', 'A rebuild of the analytics projections is already running');
