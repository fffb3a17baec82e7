import type { IncidentSlaStatus } from './sla.record';

/**
 * The SQL condition "the incident's SLA status is one of these, now", over the alias `incident`. Exact at
 * the instant of the query, with no timer involved: `sla_status` is the status when last written, and a
 * status changes by itself only on a running clock, at the instants stored beside it (a clock turns
 * AT_RISK at `sla_at_risk_at`, BREACHED at its due time). So BREACHED is "written so, or a due time has
 * passed", AT_RISK "written so, or written ON_TRACK and the at-risk instant has passed", and so on. Each
 * branch compares indexed columns with now(); the values come from this fixed table, never from input.
 */
const conditions: Record<IncidentSlaStatus, string> = {
  BREACHED:
    `(incident.sla_status = 'BREACHED' OR incident.first_response_due_at <= now() ` +
    `OR incident.resolution_due_at <= now())`,
  AT_RISK:
    `((incident.sla_status = 'AT_RISK' OR (incident.sla_status = 'ON_TRACK' ` +
    `AND incident.sla_at_risk_at <= now())) AND ${notOverdue()})`,
  ON_TRACK:
    `(incident.sla_status = 'ON_TRACK' AND (incident.sla_at_risk_at IS NULL ` +
    `OR incident.sla_at_risk_at > now()) AND ${notOverdue()})`,
  // Nothing runs while paused or once met: no instant can change these.
  MET: `(incident.sla_status = 'MET')`,
  PAUSED: `(incident.sla_status = 'PAUSED')`,
};

function notOverdue(): string {
  return (
    '(incident.first_response_due_at IS NULL OR incident.first_response_due_at > now()) AND ' +
    '(incident.resolution_due_at IS NULL OR incident.resolution_due_at > now())'
  );
}

/** Any of the statuses (OR); incidents without SLA clocks match none. */
export function slaStatusCondition(statuses: readonly IncidentSlaStatus[]): string {
  const unique = [...new Set(statuses)];
  return unique.length === 0 ? 'true' : `(${unique.map((status) => conditions[status]).join(' OR ')})`;
}
