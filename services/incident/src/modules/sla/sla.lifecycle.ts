import type { IncidentStatus, Priority } from '@mim/contracts';
import {
  type SlaState,
  acknowledgeSla,
  changeSlaPriority,
  pauseSla,
  reopenSla,
  resolveSla,
  resumeSla,
  startSla,
} from './sla.domain';
import type { SlaPolicies } from './sla.policy';
import type { SlaRecord } from './sla.record';

/** What the SLA follows of an incident, before and after each change. */
export interface SlaIncidentFacts {
  status: IncidentStatus;
  priority: Priority;
  reportedAt: Date;
  acknowledgedAt: Date | null;
}

/** The clocks of a newly logged incident, from its report (which staff may have backdated). */
export function startSlaRecord(incident: SlaIncidentFacts, policies: SlaPolicies): SlaRecord {
  return {
    state: startSla({ reportedAt: incident.reportedAt, priority: incident.priority }, policies),
    stoppedAt: null,
    announced: { FIRST_RESPONSE: null, RESOLUTION: null },
  };
}

/**
 * The SLA after one change of its incident, by comparing the incident before and after: a new priority
 * brings its targets (changeSlaPriority), the first acknowledgement answers the first response (an
 * acknowledgement, work started, a hold or a resolution straight from NEW all set it), ON_HOLD pauses the
 * resolution clock and leaving it resumes it, RESOLVED stops it (CLOSED follows RESOLVED: nothing more),
 * a reopening runs it again, and CANCELLED stops both without a verdict. Returns the same record when
 * nothing concerns the SLA (assignment, escalation), so the caller can skip writing.
 *
 * Each rule applies only when the state allows it, so a replayed or unusual change never throws; and
 * instants are taken no earlier than the latest the state records, so clock drift between replicas (or
 * a report dated up to a minute ahead) cannot make a valid change of the incident fail on its SLA.
 */
export function slaAfterChange(
  record: SlaRecord,
  before: SlaIncidentFacts,
  after: SlaIncidentFacts,
  at: Date,
  policies: SlaPolicies,
): SlaRecord {
  if (record.stoppedAt) return record;
  let state = record.state;
  let stoppedAt: Date | null = null;
  if (after.priority !== before.priority) state = changeSlaPriority(state, after.priority, policies);
  if (after.acknowledgedAt && !state.acknowledgedAt) {
    state = acknowledgeSla(state, notBefore(after.acknowledgedAt, state));
  }
  const from = before.status;
  const to = after.status;
  if (from !== to) {
    const onHold = isOnHold(state);
    if (to === 'ON_HOLD' && !onHold && !state.resolvedAt) state = pauseSla(state, notBefore(at, state));
    else if (from === 'ON_HOLD' && to === 'IN_PROGRESS' && onHold)
      state = resumeSla(state, notBefore(at, state));
    else if ((to === 'RESOLVED' || to === 'CLOSED') && !state.resolvedAt) {
      state = resolveSla(state, notBefore(at, state));
    } else if (from === 'RESOLVED' && to === 'IN_PROGRESS' && state.resolvedAt) {
      state = reopenSla(state, notBefore(at, state));
    } else if (to === 'CANCELLED') {
      if (onHold) state = resumeSla(state, notBefore(at, state));
      stoppedAt = notBefore(at, state);
    }
  }
  if (state === record.state && stoppedAt === null) return record;
  return { ...record, state, stoppedAt };
}

function isOnHold(state: SlaState): boolean {
  const last = state.holds.at(-1);
  return last !== undefined && last.end === null;
}

/** `at`, or the latest instant the state records if that is later. */
function notBefore(at: Date, state: SlaState): Date {
  const instants = [
    state.reportedAt,
    state.acknowledgedAt,
    state.resolvedAt,
    ...state.holds.flatMap((hold) => [hold.start, hold.end]),
  ].filter((instant): instant is Date => instant !== null);
  const latest = Math.max(...instants.map((instant) => instant.getTime()));
  return at.getTime() >= latest ? at : new Date(latest);
}
