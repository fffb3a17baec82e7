import { statusChangedEntry } from './incident.history';
import type { StatusChange } from './incident.domain';

const actor = { id: 'mim-1', name: 'Mia Manager' };
const at = new Date('2019-07-02T14:52:00Z');
const resolved = (detail: Record<string, unknown>): StatusChange => ({
  action: 'resolve',
  from: 'IN_PROGRESS',
  to: 'RESOLVED',
  reason: 'WAF re-enabled with the fixed rule',
  detail: {
    resolutionCode: 'RESOLVED_BY_CHANGE',
    resolutionNotes: 'WAF re-enabled with the fixed rule',
    ...detail,
  },
});

describe('the resolution entry of a major incident', () => {
  it('names the change that fixed it', () => {
    const fixedBy = [{ changeId: 'c-1', number: 'CHG-000031', status: 'IMPLEMENTED' }];
    expect(statusChangedEntry(resolved({ fixedBy }), actor, at)).toMatchObject({
      kind: 'status_changed',
      summary: 'Resolved (RESOLVED_BY_CHANGE), fixed by change CHG-000031',
      detail: { action: 'resolve', from: 'IN_PROGRESS', to: 'RESOLVED', fixedBy },
    });
    const two = [...fixedBy, { changeId: 'c-2', number: 'CHG-000032', status: 'CLOSED' }];
    expect(statusChangedEntry(resolved({ fixedBy: two }), actor, at).summary).toBe(
      'Resolved (RESOLVED_BY_CHANGE), fixed by changes CHG-000031, CHG-000032',
    );
  });

  it('shows why it was resolved without an implemented change', () => {
    expect(
      statusChangedEntry(
        resolved({ resolutionWithoutChangeReason: 'The vendor fixed it upstream' }),
        actor,
        at,
      ),
    ).toMatchObject({
      summary: 'Resolved (RESOLVED_BY_CHANGE) without an implemented change: The vendor fixed it upstream',
      detail: { resolutionWithoutChangeReason: 'The vendor fixed it upstream' },
    });
  });

  it('reads as before for any other resolution', () => {
    expect(statusChangedEntry(resolved({}), actor, at).summary).toBe('Resolved (RESOLVED_BY_CHANGE)');
  });
});
