import { DomainError } from '@mim/errors';

/** The rules of parent and children (incident-link.domain.ts), each with a stable name. */
export type LinkRule =
  | 'PARENT_NOT_MAJOR'
  | 'PARENT_NOT_OPEN'
  | 'PARENT_IS_CHILD'
  | 'SELF'
  | 'CHILD_IS_MAJOR'
  | 'CHILD_IS_PARENT'
  | 'CHILD_HAS_OTHER_PARENT'
  | 'CHILD_CANCELLED'
  | 'NOT_A_CHILD';

const explanations: Record<LinkRule, string> = {
  PARENT_NOT_MAJOR: 'only a major incident can be a parent; declare it first',
  PARENT_NOT_OPEN: 'the major incident is no longer open',
  PARENT_IS_CHILD: 'the incident is itself a child of another major incident, so it cannot be a parent',
  SELF: 'an incident cannot be its own child',
  CHILD_IS_MAJOR: 'a major incident is a parent, never a child',
  CHILD_IS_PARENT: 'the incident has children of its own; a child cannot be a parent',
  CHILD_HAS_OTHER_PARENT: 'the incident is already linked to another major incident; unlink it first',
  CHILD_CANCELLED: 'a cancelled incident is not linked',
  NOT_A_CHILD: 'the incident is not a child of this major incident',
};

/** INCIDENT_LINK_REFUSED: which rule, on which incidents; nothing was changed. */
export const linkRefused = (rule: LinkRule, incidentIds: readonly string[]) =>
  new DomainError('INCIDENT_LINK_REFUSED', `Cannot link: ${explanations[rule]}`, {
    rule,
    incidentIds: [...incidentIds],
  });
