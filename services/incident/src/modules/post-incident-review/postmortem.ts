import type { FollowUpAction, ReviewContent, ReviewStatus } from './post-incident-review.domain';

/** What the postmortem is written from: the incident, its review, and its timeline (oldest first). */
export interface PostmortemInput {
  incident: {
    number: string;
    title: string;
    priority: string;
    reportedAt: Date;
    failureStartedAt: Date | null;
    acknowledgedAt: Date | null;
    majorDeclaredAt: Date | null;
    resolvedAt: Date | null;
    closedAt: Date | null;
    resolutionNotes: string | null;
  };
  review: ReviewContent & { status: ReviewStatus; publishedAt: Date | null };
  timeline: ReadonlyArray<{ occurredAt: Date; summary: string; actorName: string; visibility: string }>;
}

/**
 * The postmortem document in Markdown, generated from the review and the incident's timeline (every
 * entry: the document is for staff). Times are UTC; "time to detect" runs from the failure to the report
 * (MTTD), "time to resolve" from the report to the resolution (MTTR), as DOMAIN.md defines them. Pure.
 */
export function renderPostmortem({ incident, review, timeline }: PostmortemInput): string {
  const lines: string[] = [
    `# Postmortem: ${incident.number} ${oneLine(incident.title)}`,
    '',
    `- Priority: ${incident.priority}`,
    `- Affected services: ${review.affectedServices.length > 0 ? review.affectedServices.join(', ') : 'none recorded'}`,
    `- Review: ${review.status}${review.publishedAt ? `, published ${utc(review.publishedAt)}` : ''}`,
    '',
    ...section('Summary', review.summary),
    ...section('Impact', review.impact),
    '## Key figures',
    '',
    `- Failure started: ${orUnknown(incident.failureStartedAt)}`,
    `- Reported: ${utc(incident.reportedAt)}`,
    `- Acknowledged: ${orUnknown(incident.acknowledgedAt)}`,
    `- Declared major: ${orUnknown(incident.majorDeclaredAt)}`,
    `- Resolved: ${orUnknown(incident.resolvedAt)}`,
    `- Closed: ${orUnknown(incident.closedAt)}`,
    `- Time to detect: ${between(incident.failureStartedAt, incident.reportedAt)}`,
    `- Time to acknowledge: ${between(incident.reportedAt, incident.acknowledgedAt)}`,
    `- Time to resolve: ${between(incident.reportedAt, incident.resolvedAt)}`,
    '',
    ...section('Root cause', review.rootCause),
    ...section('Resolution', incident.resolutionNotes),
    '## Timeline',
    '',
    ...(timeline.length > 0
      ? timeline.map(
          (entry) => `- ${utc(entry.occurredAt)}: ${oneLine(entry.summary)} (${oneLine(entry.actorName)})`,
        )
      : ['_No entries._']),
    '',
    ...section('What went well', review.wentWell),
    ...section('What went badly', review.wentBadly),
    '## Follow-up actions',
    '',
    ...followUpTable(review.followUps),
  ];
  return `${lines.join('\n')}\n`;
}

function section(title: string, text: string | null): string[] {
  return [`## ${title}`, '', text?.trim() ? text.trim() : '_Not recorded._', ''];
}

function followUpTable(actions: readonly FollowUpAction[]): string[] {
  if (actions.length === 0) return ['_None._'];
  return [
    '| Action | Owner | Due | Status |',
    '| --- | --- | --- | --- |',
    ...actions.map(
      (action) =>
        `| ${cell(action.description)} | ${cell(action.owner.name)} | ${utc(new Date(action.dueAt))} | ${action.status} |`,
    ),
  ];
}

/** `2019-07-02 13:42 UTC` (seconds only when there are some). */
export function utc(at: Date): string {
  const iso = at.toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds !== '00' ? `:${seconds}` : ''} UTC`;
}

function orUnknown(at: Date | null): string {
  return at ? utc(at) : 'not recorded';
}

function between(from: Date | null, to: Date | null): string {
  if (!from || !to) return 'not recorded';
  return formatDuration(to.getTime() - from.getTime());
}

/** `27 min`, `1 h 10 min`, `2 d 3 h`, `45 s`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', minutes ? `${minutes} min` : ''];
  return parts.filter(Boolean).join(' ');
}

/** Text on one line (timeline summaries, titles). */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return oneLine(text).replaceAll('|', '\\|');
}
