import { reclassify } from './classification.domain';
import {
  type OwnershipState,
  assign,
  escalateFunctionally,
  escalateHierarchically,
} from './ownership.domain';

const base: OwnershipState = {
  status: 'IN_PROGRESS',
  version: 4,
  supportTier: 'L1',
  assignmentGroup: 'service-desk',
  assigneeId: 'tech-1',
  assigneeName: 'Tess Tech',
  escalationManagerId: null,
  escalationManagerName: null,
};
const grace = { id: 'user-7', name: 'Grace Hopper' };

describe('functional escalation', () => {
  it('moves L1 -> L2 -> L3, clears the assignee and takes the target group', () => {
    const toL2 = escalateFunctionally(base, 4, { assignmentGroup: 'network-operations' });
    expect(toL2.state).toMatchObject({
      supportTier: 'L2',
      assignmentGroup: 'network-operations',
      assigneeId: null,
      assigneeName: null,
      version: 5,
    });
    expect(toL2.from).toEqual({
      supportTier: 'L1',
      assignmentGroup: 'service-desk',
      assignee: { id: 'tech-1', name: 'Tess Tech' },
    });
    expect(toL2.to).toEqual({ supportTier: 'L2', assignmentGroup: 'network-operations', assignee: null });
    const toL3 = escalateFunctionally(toL2.state, 5, { assignmentGroup: null });
    expect(toL3.state).toMatchObject({ supportTier: 'L3', assignmentGroup: 'network-operations' });
  });

  it('cannot go beyond L3', () => {
    expect(() => escalateFunctionally({ ...base, supportTier: 'L3' }, 4, { assignmentGroup: null })).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('hierarchically'),
      }),
    );
  });

  it.each(['RESOLVED', 'CLOSED', 'CANCELLED'] as const)('refuses a %s incident', (status) => {
    expect(() => escalateFunctionally({ ...base, status }, 4, { assignmentGroup: null })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });

  it('refuses a stale version with CONFLICT', () => {
    expect(() => escalateFunctionally(base, 3, { assignmentGroup: null })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});

describe('hierarchical escalation', () => {
  it('names the manager and keeps tier and assignee', () => {
    const { state, previousManager } = escalateHierarchically(base, 4, { manager: grace });
    expect(state).toMatchObject({
      supportTier: 'L1',
      assigneeId: 'tech-1',
      escalationManagerId: 'user-7',
      escalationManagerName: 'Grace Hopper',
      version: 5,
    });
    expect(previousManager).toBeNull();
  });

  it('works from L3 too, and reports the previous manager when raised again', () => {
    const first = escalateHierarchically({ ...base, supportTier: 'L3' }, 4, { manager: grace }).state;
    const second = escalateHierarchically(first, 5, { manager: { id: 'cio', name: 'The CIO' } });
    expect(second.previousManager).toEqual(grace);
    expect(second.state.escalationManagerId).toBe('cio');
  });

  it('refuses raising it to the same manager again', () => {
    const first = escalateHierarchically(base, 4, { manager: grace }).state;
    expect(() => escalateHierarchically(first, 5, { manager: grace })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('refuses a closed incident', () => {
    expect(() => escalateHierarchically({ ...base, status: 'CLOSED' }, 4, { manager: grace })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('assignment', () => {
  it('keeps what is omitted and clears what is null', () => {
    expect(assign(base, 4, { assignee: grace }).state).toMatchObject({
      assignmentGroup: 'service-desk',
      assigneeId: 'user-7',
      assigneeName: 'Grace Hopper',
      version: 5,
    });
    expect(assign(base, 4, { assignee: null }).to).toEqual({
      supportTier: 'L1',
      assignmentGroup: 'service-desk',
      assignee: null,
    });
    expect(assign(base, 4, { assignmentGroup: null, assignee: null }).state).toMatchObject({
      assignmentGroup: null,
      assigneeId: null,
    });
  });

  it('refuses a change that changes nothing', () => {
    expect(() => assign(base, 4, { assignmentGroup: 'service-desk' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('refuses a resolved incident', () => {
    expect(() => assign({ ...base, status: 'RESOLVED' }, 4, { assignee: grace })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('reclassification', () => {
  const state = {
    status: 'ACKNOWLEDGED' as const,
    version: 2,
    impact: 'MODERATE' as const,
    urgency: 'HIGH' as const,
    priority: 'P4' as const,
  };

  it('recomputes the priority from the matrix and reports before and after', () => {
    const result = reclassify(state, 2, { impact: 'EXTENSIVE', urgency: 'CRITICAL' });
    expect(result.state).toMatchObject({
      impact: 'EXTENSIVE',
      urgency: 'CRITICAL',
      priority: 'P1',
      version: 3,
    });
    expect(result.from).toEqual({ impact: 'MODERATE', urgency: 'HIGH', priority: 'P4' });
    expect(result.to).toEqual({ impact: 'EXTENSIVE', urgency: 'CRITICAL', priority: 'P1' });
  });

  it('keeps the value not given', () => {
    expect(reclassify(state, 2, { urgency: 'LOW' }).to).toEqual({
      impact: 'MODERATE',
      urgency: 'LOW',
      priority: 'P5',
    });
  });

  it('records a change that leaves the priority as it is', () => {
    expect(reclassify(state, 2, { impact: 'MINOR', urgency: 'MEDIUM' }).to.priority).toBe('P5');
    expect(reclassify({ ...state, urgency: 'MEDIUM', priority: 'P5' }, 2, { impact: 'MINOR' }).to).toEqual({
      impact: 'MINOR',
      urgency: 'MEDIUM',
      priority: 'P5',
    });
  });

  it('refuses a change that changes nothing, a stale version, and a closed incident', () => {
    expect(() => reclassify(state, 2, { impact: 'MODERATE' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => reclassify(state, 1, { impact: 'MINOR' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => reclassify({ ...state, status: 'CLOSED' }, 2, { impact: 'MINOR' })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});
