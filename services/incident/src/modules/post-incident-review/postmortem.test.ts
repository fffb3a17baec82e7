import { formatDuration, renderPostmortem } from './postmortem';

const t = (time: string) => new Date(`2019-07-02T${time}Z`);

/** The Cloudflare outage of DOMAIN.md, written up. */
const input = {
  incident: {
    number: 'INC-000123',
    title: 'HTTP 502 on every edge node',
    priority: 'P1',
    reportedAt: t('13:45:00'),
    failureStartedAt: t('13:42:00'),
    acknowledgedAt: t('13:47:00'),
    majorDeclaredAt: t('13:50:00'),
    resolvedAt: t('14:07:00'),
    closedAt: null,
    resolutionNotes: 'WAF disabled globally; traffic back to normal',
  },
  review: {
    status: 'PUBLISHED' as const,
    publishedAt: new Date('2019-07-05T09:00:00Z'),
    summary: 'A WAF managed rule drove CPU to 100% on every HTTP serving machine.',
    impact: 'About half of the traffic to customer domains was unreachable for 27 minutes.',
    affectedServices: ['edge-proxy', 'waf'],
    rootCause: 'A regular expression that backtracked catastrophically.',
    wentWell: 'The cause was found within 15 minutes.\nThe global kill switch worked.',
    wentBadly: null,
    followUps: [
      {
        description: 'Add a regex | CPU benchmark to the rule pipeline',
        owner: { id: 'eng-1', name: 'Eve Engineer' },
        dueAt: '2019-07-19T17:00:00.000Z',
        status: 'OPEN' as const,
      },
    ],
  },
  timeline: [
    {
      occurredAt: t('13:45:00'),
      summary: 'Logged INC-000123 (P1, incident) via MONITORING',
      actorName: 'alertmanager',
      visibility: 'PUBLIC',
    },
    {
      occurredAt: t('13:50:00'),
      summary: 'Declared a major incident:\nhalf of all traffic',
      actorName: 'Mia Manager',
      visibility: 'PUBLIC',
    },
    {
      occurredAt: t('14:00:30'),
      summary: 'Work note: the WAF is the cause',
      actorName: 'Sam SRE',
      visibility: 'INTERNAL',
    },
    {
      occurredAt: t('14:07:00'),
      summary: 'Resolved (WORKAROUND)',
      actorName: 'Sam SRE',
      visibility: 'PUBLIC',
    },
  ],
};

describe('the postmortem document (Markdown)', () => {
  const markdown = renderPostmortem(input);
  const lines = markdown.split('\n');

  it('has a title and the sections in order', () => {
    expect(lines[0]).toBe('# Postmortem: INC-000123 HTTP 502 on every edge node');
    const headings = lines.filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Summary',
      '## Impact',
      '## Key figures',
      '## Root cause',
      '## Resolution',
      '## Timeline',
      '## What went well',
      '## What went badly',
      '## Follow-up actions',
    ]);
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('states the header facts and the texts of the review', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        '- Priority: P1',
        '- Affected services: edge-proxy, waf',
        '- Review: PUBLISHED, published 2019-07-05 09:00 UTC',
        'A WAF managed rule drove CPU to 100% on every HTTP serving machine.',
        'A regular expression that backtracked catastrophically.',
        'WAF disabled globally; traffic back to normal',
      ]),
    );
    const wentBadly = lines.indexOf('## What went badly');
    expect(lines[wentBadly + 2]).toBe('_Not recorded._');
  });

  it('gives the key figures: times in UTC, time to detect and to resolve', () => {
    const start = lines.indexOf('## Key figures');
    expect(lines.slice(start + 2, start + 11)).toEqual([
      '- Failure started: 2019-07-02 13:42 UTC',
      '- Reported: 2019-07-02 13:45 UTC',
      '- Acknowledged: 2019-07-02 13:47 UTC',
      '- Declared major: 2019-07-02 13:50 UTC',
      '- Resolved: 2019-07-02 14:07 UTC',
      '- Closed: not recorded',
      '- Time to detect: 3 min',
      '- Time to acknowledge: 2 min',
      '- Time to resolve: 22 min',
    ]);
  });

  it('lists the whole timeline in order, internal entries included, one line each', () => {
    const start = lines.indexOf('## Timeline');
    expect(lines.slice(start + 2, start + 6)).toEqual([
      '- 2019-07-02 13:45 UTC: Logged INC-000123 (P1, incident) via MONITORING (alertmanager)',
      '- 2019-07-02 13:50 UTC: Declared a major incident: half of all traffic (Mia Manager)',
      '- 2019-07-02 14:00:30 UTC: Work note: the WAF is the cause (Sam SRE)',
      '- 2019-07-02 14:07 UTC: Resolved (WORKAROUND) (Sam SRE)',
    ]);
  });

  it('tables the follow-up actions, pipes escaped', () => {
    const start = lines.indexOf('## Follow-up actions');
    expect(lines.slice(start + 2, start + 5)).toEqual([
      '| Action | Owner | Due | Status |',
      '| --- | --- | --- | --- |',
      '| Add a regex \\| CPU benchmark to the rule pipeline | Eve Engineer | 2019-07-19 17:00 UTC | OPEN |',
    ]);
  });

  it('says what is not known instead of inventing it', () => {
    const bare = renderPostmortem({
      ...input,
      incident: { ...input.incident, failureStartedAt: null, resolvedAt: null },
      review: { ...input.review, summary: null, followUps: [], affectedServices: [] },
      timeline: [],
    });
    expect(bare).toContain('- Time to detect: not recorded\n');
    expect(bare).toContain('- Time to resolve: not recorded\n');
    expect(bare).toContain('## Summary\n\n_Not recorded._\n');
    expect(bare).toContain('## Timeline\n\n_No entries._\n');
    expect(bare).toContain('## Follow-up actions\n\n_None._\n');
    expect(bare).toContain('- Affected services: none recorded\n');
  });
});

describe('durations', () => {
  it.each([
    [45_000, '45 s'],
    [27 * 60_000, '27 min'],
    [70 * 60_000, '1 h 10 min'],
    [2 * 86_400_000 + 3 * 3_600_000, '2 d 3 h'],
    [-5_000, '0 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
