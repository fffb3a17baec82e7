import type { IntakeChannel, MajorCandidateReason, MajorCandidateStatus, Urgency } from '@mim/contracts';
import { candidateDecided, notListed } from './mi-candidate.errors';
import type { CandidatePolicy } from './mi-candidate.policy';

/**
 * DOMAIN.md, stage 1: "a flood of tickets about the same thing" (an alert, then within 15 minutes many
 * tickets reporting the same problem) is noticed in minutes, as a major incident candidate a person
 * promotes (declares, linking the incidents) or dismisses. The rules, pure; the similarity of texts is
 * measured by PostgreSQL (pg_trgm) and arrives here as the list of incidents that passed it.
 */

/** An incident as the window rule sees it. */
export interface Arrival {
  id: string;
  reportedAt: Date;
}

/** An affected service: its key (case and spaces ignored) and its name as first written. */
export interface ServiceName {
  key: string;
  name: string;
}

/** The distinct services an incident names, in its order; blank names are ignored. */
export function serviceNames(affectedServices: readonly string[]): ServiceName[] {
  const seen = new Map<string, ServiceName>();
  for (const raw of affectedServices) {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (key.length > 0 && !seen.has(key)) seen.set(key, { key, name });
  }
  return [...seen.values()];
}

/** The cluster keys: one OPEN candidate per key absorbs the incidents of its cluster. */
export const clusterKeys = {
  service: (service: ServiceName) => `service:${service.key}`,
  text: (anchorId: string) => `text:${anchorId}`,
  alert: (incidentId: string) => `alert:${incidentId}`,
};

/**
 * A critical monitoring alert: an incident opened by monitoring (channel MONITORING) with CRITICAL
 * urgency, which is what a `critical` alert severity maps to (intake/alert-severity.ts; its impact stays
 * SIGNIFICANT, P2 by the default matrix, because declaring stays a person's decision; a sender's
 * `urgency` label overrides it either way).
 */
export function isCriticalAlert(incident: { channel: IntakeChannel; urgency: Urgency }): boolean {
  return incident.channel === 'MONITORING' && incident.urgency === 'CRITICAL';
}

/**
 * The flood around a new incident: the largest set of arrivals (the new one included) whose reports
 * all fall within one window of `windowMinutes` containing the new one, both ends included; null when
 * it has fewer than `threshold` incidents. Ties go to the earliest window. `peers` are the other
 * incidents that count (same service or similar text, not already major, a child or listed).
 */
export function floodAround(
  anchor: Arrival,
  peers: readonly Arrival[],
  policy: Pick<CandidatePolicy, 'threshold' | 'windowMinutes'>,
): Arrival[] | null {
  const windowMs = policy.windowMinutes * 60_000;
  const at = anchor.reportedAt.getTime();
  const all = [anchor, ...peers.filter((peer) => peer.id !== anchor.id)].sort(
    (a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.id.localeCompare(b.id),
  );
  let best: Arrival[] = [];
  // Every window worth trying starts at an arrival no earlier than one window before the new incident.
  for (const start of all) {
    const from = start.reportedAt.getTime();
    if (from < at - windowMs || from > at) continue;
    const inside = all.filter((arrival) => {
      const time = arrival.reportedAt.getTime();
      return time >= from && time <= from + windowMs;
    });
    if (inside.length > best.length) best = inside;
  }
  return best.length >= policy.threshold ? best : null;
}

/** What a new incident does to the candidates, in the order the rules are tried. */
export type Detection =
  | { kind: 'absorb'; candidateId: string }
  | {
      kind: 'raise';
      reason: MajorCandidateReason;
      service: string | null;
      clusterKey: string;
      incidentIds: string[];
    }
  | { kind: 'none' };

/**
 * The decision for a new incident, given what the store found: an OPEN candidate of its cluster absorbs
 * it; else a critical alert raises a candidate listing it; else a flood on one of its services; else a
 * flood of similar texts. One candidate per incident at most.
 */
export function detect(
  incident: Arrival & { channel: IntakeChannel; urgency: Urgency; affectedServices: readonly string[] },
  found: {
    openCandidateId: string | null;
    /** The peers on each of its services, by service key. */
    serviceFloods: ReadonlyMap<string, readonly Arrival[]>;
    similarPeers: readonly Arrival[];
  },
  policy: CandidatePolicy,
): Detection {
  if (found.openCandidateId) return { kind: 'absorb', candidateId: found.openCandidateId };
  const services = serviceNames(incident.affectedServices);
  const first = services[0] ?? null;
  if (isCriticalAlert(incident)) {
    return {
      kind: 'raise',
      reason: 'CRITICAL_ALERT',
      service: first?.name ?? null,
      clusterKey: first ? clusterKeys.service(first) : clusterKeys.alert(incident.id),
      incidentIds: [incident.id],
    };
  }
  for (const service of services) {
    const flood = floodAround(incident, found.serviceFloods.get(service.key) ?? [], policy);
    if (flood) {
      return {
        kind: 'raise',
        reason: 'SAME_SERVICE',
        service: service.name,
        clusterKey: clusterKeys.service(service),
        incidentIds: flood.map((arrival) => arrival.id),
      };
    }
  }
  const flood = floodAround(incident, found.similarPeers, policy);
  if (flood) {
    return {
      kind: 'raise',
      reason: 'SIMILAR_TEXT',
      service: first?.name ?? null,
      clusterKey: clusterKeys.text(incident.id),
      incidentIds: flood.map((arrival) => arrival.id),
    };
  }
  return { kind: 'none' };
}

/** The part of a candidate its decisions read and write. */
export interface CandidateState {
  status: MajorCandidateStatus;
  version: number;
  decidedAt: Date | null;
  decidedById: string | null;
  decidedByName: string | null;
  dismissReason: string | null;
  majorIncidentId: string | null;
}

type Decider = { id: string; name: string };

function assertOpen(state: CandidateState): void {
  if (state.status !== 'OPEN') throw candidateDecided(state.status);
}

/** Promotes an OPEN candidate to one of its incidents (BAD_USER_INPUT otherwise). Pure. */
export function promoteCandidate(
  state: CandidateState,
  majorIncidentId: string,
  listedIds: readonly string[],
  by: Decider,
  at: Date,
): CandidateState {
  assertOpen(state);
  if (!listedIds.includes(majorIncidentId)) throw notListed(majorIncidentId);
  return {
    ...state,
    status: 'PROMOTED',
    version: state.version + 1,
    decidedAt: at,
    decidedById: by.id,
    decidedByName: by.name,
    majorIncidentId,
  };
}

/** Dismisses an OPEN candidate with a reason. Pure. */
export function dismissCandidate(
  state: CandidateState,
  reason: string,
  by: Decider,
  at: Date,
): CandidateState {
  assertOpen(state);
  return {
    ...state,
    status: 'DISMISSED',
    version: state.version + 1,
    decidedAt: at,
    decidedById: by.id,
    decidedByName: by.name,
    dismissReason: reason,
  };
}
