import type { IncidentSnapshot, SnapshotParticipant } from './incident-snapshot.entity';

type Tier = IncidentSnapshot['supportTier'];

/**
 * One fact about an incident, taken from one event. Each subject has its own consumer, so facts arrive in
 * any order: every part of the snapshot keeps the aggregate version it was set from, and an older fact
 * never overwrites a newer one. Team changes, which do not bump the incident's version, are ordered by
 * the time they happened.
 */
export type SnapshotChange =
  | {
      kind: 'created';
      version: number;
      number: string;
      title: string;
      incidentKind: string;
      channel: string;
      priority: string;
      status: string;
      affectedServices: string[];
      category: string | null;
      reporter: { id: string; name: string; email: string | null };
      supportTier: Tier;
      reportedAt: Date;
    }
  | { kind: 'status'; version: number; number: string; status: string; priority: string; major?: boolean }
  | { kind: 'priority'; version: number; number: string; priority: string }
  | {
      kind: 'ownership';
      version: number;
      number: string;
      priority: string;
      supportTier: Tier;
      assignmentGroup: string | null;
      assignee: { id: string; name: string } | null;
    }
  | { kind: 'major'; version: number; number: string; priority: string; impactStatement: string }
  | { kind: 'participant'; at: number; userId: string; name: string | null; role: string | null }
  | { kind: 'mentioned'; number?: string; priority?: string };

/** A snapshot nothing is known of yet (the row a first event creates). */
export function emptySnapshot(id: string): IncidentSnapshot {
  return {
    id,
    createdSeen: false,
    number: null,
    title: null,
    kind: null,
    channel: null,
    priority: null,
    status: 'NEW',
    major: false,
    affectedServices: [],
    category: null,
    reporterId: null,
    reporterName: null,
    reporterEmail: null,
    supportTier: 'L1',
    assignmentGroup: null,
    assigneeId: null,
    assigneeName: null,
    impactStatement: null,
    reportedAt: null,
    participants: {},
    statusVersion: 0,
    priorityVersion: 0,
    ownershipVersion: 0,
    updatedAt: new Date(0),
  };
}

/** The snapshot with one fact applied (a new object; the input is not changed). */
export function applySnapshotChange(snapshot: IncidentSnapshot, change: SnapshotChange): IncidentSnapshot {
  const next: IncidentSnapshot = { ...snapshot, participants: { ...snapshot.participants } };
  if ('number' in change && change.number) next.number = change.number;
  switch (change.kind) {
    case 'created':
      // What only creation tells is set whatever arrived before; versioned parts only if nothing newer did.
      next.createdSeen = true;
      next.title = change.title;
      next.kind = change.incidentKind;
      next.channel = change.channel;
      next.affectedServices = [...change.affectedServices];
      next.category = change.category;
      next.reporterId = change.reporter.id;
      next.reporterName = change.reporter.name;
      next.reporterEmail = change.reporter.email;
      next.reportedAt = change.reportedAt;
      setStatus(next, change.version, change.status);
      setPriority(next, change.version, change.priority);
      if (change.version > next.ownershipVersion) {
        next.ownershipVersion = change.version;
        next.supportTier = change.supportTier;
      }
      break;
    case 'status':
      setStatus(next, change.version, change.status);
      setPriority(next, change.version, change.priority);
      // The event says whether the incident was major then: no need to wait for major_declared.
      if (change.major) next.major = true;
      break;
    case 'priority':
      setPriority(next, change.version, change.priority);
      break;
    case 'ownership':
      setPriority(next, change.version, change.priority);
      if (change.version > next.ownershipVersion) {
        next.ownershipVersion = change.version;
        next.supportTier = change.supportTier;
        next.assignmentGroup = change.assignmentGroup;
        next.assigneeId = change.assignee?.id ?? null;
        next.assigneeName = change.assignee?.name ?? null;
      }
      break;
    case 'major':
      // Declaring is once and for good: no later fact makes an incident not major.
      next.major = true;
      next.impactStatement = change.impactStatement;
      setPriority(next, change.version, change.priority);
      break;
    case 'participant':
      next.participants[change.userId] = newerParticipant(next.participants[change.userId], change);
      break;
    case 'mentioned':
      if (change.priority && next.priority === null) next.priority = change.priority;
      break;
  }
  return next;
}

function setStatus(snapshot: IncidentSnapshot, version: number, status: string): void {
  if (version <= snapshot.statusVersion) return;
  snapshot.statusVersion = version;
  snapshot.status = status;
}

function setPriority(snapshot: IncidentSnapshot, version: number, priority: string): void {
  if (version <= snapshot.priorityVersion) return;
  snapshot.priorityVersion = version;
  snapshot.priority = priority;
}

/** The later of two team facts; at the same instant a removal wins (never a ghost member). */
function newerParticipant(
  known: SnapshotParticipant | undefined,
  change: Extract<SnapshotChange, { kind: 'participant' }>,
): SnapshotParticipant {
  const incoming = { name: change.name ?? known?.name ?? null, role: change.role, at: change.at };
  if (!known || change.at > known.at) return incoming;
  if (change.at === known.at && change.role === null) return incoming;
  return known;
}

/** Acknowledged means someone responded: any state after NEW. */
export const isAcknowledged = (snapshot: Pick<IncidentSnapshot, 'status'>) => snapshot.status !== 'NEW';

/** Still being worked: not resolved, closed or cancelled. */
export const isOpen = (snapshot: Pick<IncidentSnapshot, 'status'>) =>
  !['RESOLVED', 'CLOSED', 'CANCELLED'].includes(snapshot.status);
