import type { IncidentFacts, NotificationFacts } from '../notification/notification.facts';
import type { NotificationTrigger } from '../notification/notification.vocabulary';

const incidentId = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';

/**
 * The Cloudflare outage of 2 July 2019 (DOMAIN.md, worked scenario) as an incident: a WAF managed rule
 * deployed at 13:42 exhausts CPU on the HTTP/HTTPS edge; 13:45 reported; 13:50 declared major; 14:02
 * update (cause found); 14:07 WAF disabled, traffic back; 14:52 fix in place, WAF re-enabled.
 */
const cloudflare: IncidentFacts = {
  id: incidentId,
  number: 'INC-000123',
  kind: 'INCIDENT',
  title: 'HTTP 502 errors worldwide: CPU exhaustion on the edge servers',
  priority: 'P1',
  status: 'IN_PROGRESS',
  major: true,
  services: ['CDN', 'WAF'],
  category: 'network',
  supportTier: 'L2',
  assignmentGroup: 'SRE',
  assigneeName: 'Alex Martin',
  reporterName: 'Network operations',
  impactStatement:
    'About half of the traffic to customer domains returns HTTP 502 worldwide (80% traffic drop)',
  url: `https://mim.example.com/incidents/${incidentId}`,
};

/** Before the declaration: just logged at L1 by network operations. */
const justReported: IncidentFacts = {
  ...cloudflare,
  status: 'NEW',
  major: false,
  supportTier: 'L1',
  assignmentGroup: 'Service desk',
  assigneeName: null,
  impactStatement: null,
};

const none = { statusUpdate: null, restorationNote: null, resolution: null, overdue: null, escalation: null };

/**
 * The facts of each trigger in the Cloudflare scenario, for previews and tests. The two escalation
 * triggers imagine the first report left unacknowledged at L1 (it was not, that day).
 */
export function sampleFacts(trigger: NotificationTrigger): NotificationFacts {
  switch (trigger) {
    case 'INCIDENT_CREATED':
      return { ...none, trigger, incident: justReported, occurredAt: '2019-07-02T13:45:00.000Z' };
    case 'MAJOR_DECLARED':
      return { ...none, trigger, incident: cloudflare, occurredAt: '2019-07-02T13:50:00.000Z' };
    case 'STATUS_UPDATE_PUBLISHED':
      return {
        ...none,
        trigger,
        incident: cloudflare,
        occurredAt: '2019-07-02T14:02:00.000Z',
        statusUpdate: {
          impact: 'About half of the traffic to customer domains returns HTTP 502 worldwide',
          currentStatus: 'The cause is identified: a WAF managed rule exhausts CPU',
          actions: 'The WAF is being disabled globally',
          nextUpdateDueAt: '2019-07-02T14:30:00.000Z',
        },
      };
    case 'STATUS_UPDATE_OVERDUE':
      return {
        ...none,
        trigger,
        incident: cloudflare,
        occurredAt: '2019-07-02T14:30:00.000Z',
        overdue: { dueAt: '2019-07-02T14:30:00.000Z', lastUpdateAt: '2019-07-02T14:02:00.000Z' },
      };
    case 'SERVICE_RESTORED':
      return {
        ...none,
        trigger,
        incident: cloudflare,
        occurredAt: '2019-07-02T14:07:00.000Z',
        restorationNote: 'WAF disabled globally; traffic back to normal',
      };
    case 'INCIDENT_RESOLVED':
      return {
        ...none,
        trigger,
        incident: { ...cloudflare, status: 'RESOLVED' },
        occurredAt: '2019-07-02T14:52:00.000Z',
        resolution: 'The faulty WAF managed rule is fixed and the WAF re-enabled globally',
      };
    case 'RESPONSE_OVERDUE':
      return {
        ...none,
        trigger,
        incident: justReported,
        occurredAt: '2019-07-02T14:00:00.000Z',
        escalation: { responseDueAt: '2019-07-02T14:00:00.000Z', fromTier: 'L1', toTier: 'L2' },
      };
    case 'ESCALATED_TO_MANAGER':
      return {
        ...none,
        trigger,
        incident: justReported,
        occurredAt: '2019-07-02T14:15:00.000Z',
        escalation: { responseDueAt: '2019-07-02T14:00:00.000Z', fromTier: 'L1', toTier: 'L2' },
      };
  }
}
