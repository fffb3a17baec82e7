import type { IncidentStatus, ResolutionCode } from '@mim/contracts';
import { isOpen } from '../incident/incident.domain';
import { type LinkRule, linkRefused } from './incident-link.errors';

/** What the link rules read of an incident and of its links. */
export interface LinkParty {
  id: string;
  status: IncidentStatus;
  isMajor: boolean;
  /** Its parent, if it is a child. */
  parentId: string | null;
  /** Whether it has children of its own. */
  hasChildren: boolean;
}

export type ChildVerdict =
  { kind: 'link' } | { kind: 'already_linked' } | { kind: 'refused'; rule: LinkRule };

/** The parent's rules: an open major incident that is not itself a child. Throws INCIDENT_LINK_REFUSED. */
export function assertCanBeParent(parent: LinkParty): void {
  if (!parent.isMajor) throw linkRefused('PARENT_NOT_MAJOR', [parent.id]);
  if (!isOpen(parent.status)) throw linkRefused('PARENT_NOT_OPEN', [parent.id]);
  if (parent.parentId !== null) throw linkRefused('PARENT_IS_CHILD', [parent.id]);
}

/**
 * Whether one incident may become a child of `parent`: not the parent itself, not a major incident,
 * not a parent, not cancelled, and not already the child of another one. Linking it to the same parent
 * again changes nothing. Pure.
 */
export function childVerdict(parent: Pick<LinkParty, 'id'>, child: LinkParty): ChildVerdict {
  if (child.id === parent.id) return { kind: 'refused', rule: 'SELF' };
  if (child.parentId === parent.id) return { kind: 'already_linked' };
  if (child.parentId !== null) return { kind: 'refused', rule: 'CHILD_HAS_OTHER_PARENT' };
  if (child.isMajor) return { kind: 'refused', rule: 'CHILD_IS_MAJOR' };
  if (child.hasChildren) return { kind: 'refused', rule: 'CHILD_IS_PARENT' };
  if (child.status === 'CANCELLED') return { kind: 'refused', rule: 'CHILD_CANCELLED' };
  return { kind: 'link' };
}

export interface LinkPlan {
  /** The incidents to link now. */
  link: string[];
  /** Refused ones, when refusals are skipped (promoting a candidate). */
  skipped: Array<{ id: string; rule: LinkRule }>;
}

/**
 * The links a change makes. `strict` (linkIncidentsToMajorIncident): any refused child refuses the whole
 * change with the first rule broken, naming every incident that breaks it. `skip` (promoting a
 * candidate): refused children are left out. Already linked children are neither linked nor refused.
 */
export function planLinks(
  parent: LinkParty,
  children: readonly LinkParty[],
  mode: 'strict' | 'skip',
): LinkPlan {
  assertCanBeParent(parent);
  const plan: LinkPlan = { link: [], skipped: [] };
  for (const child of children) {
    const verdict = childVerdict(parent, child);
    if (verdict.kind === 'link') plan.link.push(child.id);
    if (verdict.kind === 'refused') plan.skipped.push({ id: child.id, rule: verdict.rule });
  }
  const [first] = plan.skipped;
  if (mode === 'strict' && first) {
    throw linkRefused(
      first.rule,
      plan.skipped.filter((skipped) => skipped.rule === first.rule).map((skipped) => skipped.id),
    );
  }
  return plan;
}

/** What the parent's resolution says, as each of its open children is resolved with it. */
export interface ChildResolution {
  resolutionCode: ResolutionCode;
  resolutionNotes: string;
  /** A child declared major after it was linked is resolved by its parent's resolution, said so. */
  resolutionWithoutChangeReason: string | null;
}

const notesLimit = 20_000;

/**
 * How an open child is resolved when its major incident is: with the parent's resolution code
 * (RESOLVED_BY_CHANGE when it has none) and notes naming the parent. A child that is not open is left
 * as it is (null). Its own lifecycle applies: any open state may be resolved (NEW included). Pure.
 */
export function childResolution(
  parent: { number: string; resolutionCode: ResolutionCode | null; resolutionNotes: string | null },
  child: { status: IncidentStatus; isMajor: boolean },
): ChildResolution | null {
  if (!isOpen(child.status)) return null;
  const said = `Resolved with major incident ${parent.number}`;
  const notes = parent.resolutionNotes ? `${said}: ${parent.resolutionNotes}` : said;
  return {
    resolutionCode: parent.resolutionCode ?? 'RESOLVED_BY_CHANGE',
    resolutionNotes: notes.length <= notesLimit ? notes : `${notes.slice(0, notesLimit - 1)}…`,
    resolutionWithoutChangeReason: child.isMajor ? said : null,
  };
}
