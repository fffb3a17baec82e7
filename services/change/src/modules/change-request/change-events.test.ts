import { changeApprovalRecordedV1, changeReviewedV1, changeStatusChangedV1 } from '@mim/contracts';
import { eventsOfFacts } from './change-events';

const id = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const incident = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const problem = '5d0b7c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const at = new Date('2026-03-10T22:05:00.000Z');
const meta = {
  caller: { subject: 'cm-1', name: 'Chloe', email: null, roles: ['change_manager' as const], expiresAt: 0 },
  correlationId: 'corr-1',
  traceparent: null,
};

describe('events of the facts', () => {
  it('gives each fact its own event and version, with the contract data', () => {
    const events = eventsOfFacts(
      { id, number: 'CHG-000031', previousVersion: 4, fixesIncidentIds: [incident], problemIds: [problem] },
      [
        { type: 'approval_recorded', approverId: 'cm-1', decision: 'APPROVE', approvals: 2, quorum: 2 },
        { type: 'status_changed', from: 'ASSESSED', to: 'APPROVED' },
        { type: 'reviewed', effective: false, summary: 'Still failing' },
      ],
      meta,
      at,
    );
    expect(events.map((event) => [event.subject, event.aggregate.version])).toEqual([
      [changeApprovalRecordedV1.subject, 5],
      [changeStatusChangedV1.subject, 6],
      [changeReviewedV1.subject, 7],
    ]);
    expect(events.map((event) => event.data)).toEqual([
      {
        changeId: id,
        number: 'CHG-000031',
        approverId: 'cm-1',
        decision: 'APPROVE',
        approvals: 2,
        quorum: 2,
        fixesIncidentIds: [incident],
      },
      {
        changeId: id,
        number: 'CHG-000031',
        from: 'ASSESSED',
        to: 'APPROVED',
        fixesIncidentIds: [incident],
        changedAt: '2026-03-10T22:05:00.000Z',
      },
      {
        changeId: id,
        number: 'CHG-000031',
        effective: false,
        summary: 'Still failing',
        fixesIncidentIds: [incident],
        problemIds: [problem],
      },
    ]);
    expect(events.every((event) => event.actor.id === 'cm-1' && event.correlationId === 'corr-1')).toBe(true);
    expect(events.every((event) => event.occurredAt === at.toISOString())).toBe(true);
  });
});
