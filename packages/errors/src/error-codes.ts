/**
 * The one registry of error codes a client can see in `extensions.code`.
 * Codes are a public contract: add new ones, never rename or reuse one.
 */
export const errorCodes = {
  BAD_USER_INPUT: 'An argument failed validation; nothing was changed.',
  UNAUTHENTICATED: 'No valid identity was presented (missing, expired or forged token).',
  FORBIDDEN: 'The caller is known but not allowed to do this.',
  NOT_FOUND: 'The referenced record does not exist or is not visible to the caller.',
  CONFLICT: 'The record changed since the caller read it (stale expected version).',
  INVALID_TRANSITION: 'The requested state change is not allowed from the current state.',
  INCIDENT_LINK_REFUSED:
    'The incidents cannot be linked as parent and children: only an open major incident is a parent, a child is never a parent nor a major incident, and an incident has one parent (`extensions.rule` names the rule broken, `extensions.incidentIds` the incidents). Nothing was changed.',
  CHANGE_FREEZE:
    "The change's planned window overlaps a change freeze period that covers its services; move the window (only emergency changes pass a freeze). Nothing was changed.",
  CHANGE_APPROVAL_QUORUM_NOT_MET:
    "The change's approval rule is not met (a quorum of distinct approvers including the change manager); record approvals with recordChangeApproval. Nothing was changed.",
  CHANGE_APPROVAL_ALREADY_RECORDED:
    'The approver already recorded a decision on this change; each approver decides once. Nothing was changed.',
  FIX_NOT_IMPLEMENTED:
    'A major incident is resolved by an implemented change: none of the changes fixing it is implemented yet (`extensions.fixingChanges` lists them). Wait for the change, or give a reason for resolving it without one; nothing was changed.',
  NOT_A_MAJOR_INCIDENT:
    'The action belongs to the major incident process (conference bridge, war room, team tasks, status updates) and the incident has not been declared a major incident; declare it first. Nothing was changed.',
  NAME_TAKEN:
    'Another record of the same kind already has this name (names are compared case-insensitively; `extensions.name` repeats it), e.g. a stakeholder group or a notification rule. Choose another name; nothing was changed.',
  UNKNOWN_STAKEHOLDERS:
    'Some of the people named are not in the stakeholder directory (`extensions.userIds` lists them); add them with saveStakeholder first. Nothing was changed.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not match the schema.',
  BAD_REQUEST: 'The HTTP request is malformed (e.g. missing query, CSRF protection).',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are logged under the correlation id.',
  QUERY_TOO_DEEP: 'The operation nests fields deeper than the gateway allows (MAX_QUERY_DEPTH); nothing ran.',
  TOO_MANY_ALIASES:
    'The operation uses more field aliases than the gateway allows (MAX_ALIASES); nothing ran.',
  QUERY_TOO_COMPLEX:
    'The estimated cost of the operation (fields times page sizes) is above MAX_QUERY_COST; ask for fewer fields or smaller pages. Nothing ran.',
  TOO_MANY_TOKENS: 'The document has more tokens than the gateway parses (MAX_QUERY_TOKENS); nothing ran.',
  TOO_MANY_DIRECTIVES:
    'The operation uses more directives than the gateway allows (MAX_DIRECTIVES); nothing ran.',
  PAGE_SIZE_TOO_LARGE:
    'A `first` or `last` argument (literal or variable) is above MAX_PAGE_SIZE; page through the results instead. Nothing ran.',
  RATE_LIMITED:
    'The caller sent more mutations than its allowance for the current window; nothing was changed. Retry after `extensions.retryAfterSeconds` (also the Retry-After header).',
  TOO_MANY_SUBSCRIPTIONS:
    'The connection already holds as many subscriptions as the gateway allows for one socket.',
  TOO_MANY_CONNECTIONS:
    'The caller already holds as many WebSocket connections as the gateway allows for one identity.',
  SUBSCRIPTION_LAGGING:
    'A subscriber fell too far behind the event feed and its subscription was ended; resubscribe with the last cursor.',
  SUBGRAPH_UNAVAILABLE:
    'A service behind the gateway did not answer; its fields are null, the rest of the response is complete (`extensions.serviceName` names it).',
  NOTIFICATION_NOT_DEAD_LETTERED:
    'Only a dead-lettered email or webhook delivery can be resent; this one is pending, sent, or already resent by someone else (`extensions.status` says which). Nothing was changed.',
  METRICS_QUERY_TOO_EXPENSIVE:
    'The metrics query would compute too many buckets (intervals in the range times estimated groups) or too many intervals; nothing ran. `extensions.intervals`, `extensions.estimatedBuckets` and `extensions.limit` say by how much: shorten the range, use a coarser interval, group by fewer dimensions or filter.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodes, value);
}
