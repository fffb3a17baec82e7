import {
  type Envelope,
  type EventData,
  type EventDefinition,
  changeApprovalRecordedV1,
  changeRequestedV1,
  changeReviewedV1,
  changeStatusChangedV1,
  changeStatusSchema,
  problemCreatedV1,
  problemIncidentsLinkedV1,
  problemKnownErrorPublishedV1,
  problemMergedV1,
  problemRootCauseIdentifiedV1,
  problemStatusChangedV1,
} from '@mim/contracts';
import {
  changeApprovalRecordedEntry,
  changeRequestedEntry,
  changeReviewedEntry,
  changeStatusChangedEntry,
  clip,
  linkedRecordKinds,
  problemKnownErrorPublishedEntry,
  problemLinkedEntry,
  problemMergedEntry,
  problemOpenedEntry,
  problemRootCauseIdentifiedEntry,
  problemStatusChangedEntry,
} from './linked-record-entries';
import { defaultVisibility } from './timeline.domain';

function envelope<TDef extends EventDefinition>(
  definition: TDef,
  actor: Envelope['actor'] = { kind: 'user', id: 'pm-1' },
  data: Partial<EventData<TDef>> = {},
): Envelope<EventData<TDef>> {
  return {
    id: '6f1e2d3c-4b5a-4968-8776-655443322110',
    type: definition.type,
    version: definition.version,
    occurredAt: '2019-07-02T13:58:00.000Z',
    aggregate: { type: definition.aggregateType, id: 'x', version: 1 },
    actor,
    correlationId: 'c-1',
    data: { ...(definition.example as object), ...data } as EventData<TDef>,
  };
}

describe('timeline entries of linked problem and change records', () => {
  it('records a problem opened for the incident, by the event actor', () => {
    expect(problemOpenedEntry(envelope(problemCreatedV1))).toEqual({
      kind: 'problem_opened',
      source: 'problem',
      actor: { id: 'pm-1', name: 'pm-1' },
      occurredAt: new Date('2019-07-02T13:58:00.000Z'),
      summary: 'Problem PRB-000007 opened (P1): WAF rule drives CPU to 100%',
      detail: {
        problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
        number: 'PRB-000007',
        title: 'WAF rule drives CPU to 100%',
        priority: 'P1',
      },
    });
  });

  it('records a problem status change at the time it changed, in words', () => {
    expect(problemStatusChangedEntry(envelope(problemStatusChangedV1))).toMatchObject({
      kind: 'problem_status_changed',
      occurredAt: new Date('2019-07-02T14:00:00.000Z'),
      summary: 'Problem PRB-000007: root cause identified',
      detail: { from: 'UNDER_INVESTIGATION', to: 'ROOT_CAUSE_IDENTIFIED', number: 'PRB-000007' },
    });
  });

  it('records the root cause with its method, the statement cut short on the summary only', () => {
    expect(problemRootCauseIdentifiedEntry(envelope(problemRootCauseIdentifiedV1))).toEqual({
      kind: 'problem_root_cause_identified',
      source: 'problem',
      actor: { id: 'pm-1', name: 'pm-1' },
      occurredAt: new Date('2019-07-02T13:58:00.000Z'),
      summary:
        'Problem PRB-000007: root cause identified (five whys): A WAF rule with a backtracking regular ' +
        'expression was deployed to every edge node at once',
      detail: {
        problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
        number: 'PRB-000007',
        method: 'FIVE_WHYS',
        rootCause:
          'A WAF rule with a backtracking regular expression was deployed to every edge node at once',
      },
    });
    const long = `Why?\n${'because '.repeat(3_000)}`;
    const entry = problemRootCauseIdentifiedEntry(
      envelope(problemRootCauseIdentifiedV1, undefined, { rootCause: long, method: 'TIMELINE_ANALYSIS' }),
    );
    expect(entry.summary).toMatch(
      /^Problem PRB-000007: root cause identified \(timeline analysis\): Why\? because /,
    );
    expect(entry.summary.endsWith('…')).toBe(true);
    expect(entry.summary.length).toBeLessThanOrEqual(300);
    expect(String(entry.detail?.rootCause)).toHaveLength(4_000);
  });

  it('records a known error with its workaround', () => {
    expect(problemKnownErrorPublishedEntry(envelope(problemKnownErrorPublishedV1))).toMatchObject({
      kind: 'problem_known_error_published',
      source: 'problem',
      summary: 'Known error for PRB-000007: Edge CPU at 100% after a WAF rule update; workaround available',
      detail: {
        problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
        number: 'PRB-000007',
        knownErrorId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
        title: 'Edge CPU at 100% after a WAF rule update',
        workaround: 'Disable the managed WAF rule set on the edge and purge the cache',
      },
    });
  });

  it('records a problem linked to the incident, and a merge in the surviving problem', () => {
    expect(problemLinkedEntry(envelope(problemIncidentsLinkedV1))).toMatchObject({
      kind: 'problem_linked',
      summary: 'Linked to problem PRB-000007',
      detail: { problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', number: 'PRB-000007' },
    });
    expect(problemMergedEntry(envelope(problemMergedV1))).toMatchObject({
      kind: 'problem_merged',
      summary: 'PRB-000009 merged into PRB-000007',
      detail: {
        problemId: '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
        number: 'PRB-000007',
        mergedProblemId: '6e1c8d2f-2d3e-4f60-9bac-1d2e3f4a5b6c',
        mergedNumber: 'PRB-000009',
      },
    });
  });

  it('records change requests and their progress, a system actor as system:<component>', () => {
    expect(changeRequestedEntry(envelope(changeRequestedV1, { kind: 'system', id: 'change' }))).toMatchObject(
      {
        kind: 'change_requested',
        source: 'change',
        actor: { id: 'system:change', name: 'change' },
        summary: 'Change CHG-000031 requested (emergency) to fix it: Disable WAF managed rule globally',
        detail: { type: 'EMERGENCY', changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
      },
    );
    expect(changeStatusChangedEntry(envelope(changeStatusChangedV1))).toMatchObject({
      kind: 'change_status_changed',
      occurredAt: new Date('2019-07-02T14:07:00.000Z'),
      summary: 'Change CHG-000031 implemented',
      detail: { from: 'IMPLEMENTING', to: 'IMPLEMENTED' },
    });
  });

  it.each([
    ['ASSESSED', 'APPROVED', 'Change CHG-000031 approved'],
    ['SCHEDULED', 'IMPLEMENTING', 'Change CHG-000031 implementation started'],
    ['IMPLEMENTING', 'IMPLEMENTED', 'Change CHG-000031 implemented'],
    ['IMPLEMENTING', 'FAILED', 'Change CHG-000031 failed'],
    ['FAILED', 'ROLLED_BACK', 'Change CHG-000031 rolled back'],
    ['IMPLEMENTED', 'REVIEWED', 'Change CHG-000031 reviewed'],
  ] as const)('reads a change moving %s -> %s as "%s"', (from, to, summary) => {
    expect(changeStatusChangedEntry(envelope(changeStatusChangedV1, undefined, { from, to })).summary).toBe(
      summary,
    );
  });

  it('shows the reporter a fixing change implemented, and keeps every other move internal', () => {
    for (const to of changeStatusSchema.options) {
      const entry = changeStatusChangedEntry(envelope(changeStatusChangedV1, undefined, { to }));
      expect([to, entry.visibility]).toEqual([to, to === 'IMPLEMENTED' ? 'PUBLIC' : 'INTERNAL']);
    }
  });

  it('records an approval against the quorum, and a rejection', () => {
    expect(changeApprovalRecordedEntry(envelope(changeApprovalRecordedV1))).toMatchObject({
      kind: 'change_approval_recorded',
      source: 'change',
      summary: 'CHG-000031: approved by cab-2 (2 of 3)',
      detail: {
        changeId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        number: 'CHG-000031',
        approverId: 'cab-2',
        decision: 'APPROVE',
        approvals: 2,
        quorum: 3,
      },
    });
    expect(
      changeApprovalRecordedEntry(envelope(changeApprovalRecordedV1, undefined, { decision: 'REJECT' }))
        .summary,
    ).toBe('CHG-000031: rejected by cab-2 (2 of 3 approvals)');
  });

  it('records the post-implementation review, effective or not', () => {
    expect(changeReviewedEntry(envelope(changeReviewedV1))).toMatchObject({
      kind: 'change_reviewed',
      summary: 'CHG-000031 post-implementation review: effective',
      detail: {
        effective: true,
        summary: 'CPU back to 20% on every edge node; no 502 since 14:07',
        problemIds: ['5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'],
      },
    });
    expect(changeReviewedEntry(envelope(changeReviewedV1, undefined, { effective: false })).summary).toBe(
      'CHG-000031 post-implementation review: not effective',
    );
  });

  it('keeps them all internal by kind: problem and change records are staff matters', () => {
    expect(linkedRecordKinds).toHaveLength(10);
    for (const kind of linkedRecordKinds) expect(defaultVisibility(kind)).toBe('INTERNAL');
  });

  it('clips text of other services, without NUL, so an event never fails its consumer', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
    expect(clip('a\u0000b', 3)).toBe('ab');
  });
});
