import {
  type Envelope,
  type EventData,
  type EventDefinition,
  changeRequestedV1,
  changeStatusChangedV1,
  problemCreatedV1,
  problemStatusChangedV1,
} from '@mim/contracts';
import {
  changeRequestedEntry,
  changeStatusChangedEntry,
  problemOpenedEntry,
  problemStatusChangedEntry,
} from './linked-record-entries';
import { defaultVisibility } from './timeline.domain';

function envelope<TDef extends EventDefinition>(
  definition: TDef,
  actor: Envelope['actor'] = { kind: 'user', id: 'pm-1' },
): Envelope<EventData<TDef>> {
  return {
    id: '6f1e2d3c-4b5a-4968-8776-655443322110',
    type: definition.type,
    version: definition.version,
    occurredAt: '2019-07-02T13:58:00.000Z',
    aggregate: { type: definition.aggregateType, id: 'x', version: 1 },
    actor,
    correlationId: 'c-1',
    data: definition.example as EventData<TDef>,
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
      summary: 'Change CHG-000031: implemented',
      detail: { from: 'IMPLEMENTING', to: 'IMPLEMENTED' },
    });
  });

  it('keeps them all internal: problem and change records are staff matters', () => {
    for (const kind of [
      'problem_opened',
      'problem_status_changed',
      'change_requested',
      'change_status_changed',
    ]) {
      expect(defaultVisibility(kind)).toBe('INTERNAL');
    }
  });
});
