import type { ChangeStatus } from '@mim/contracts';
import { type FixingChangeView, resolutionFix } from './major-resolution.domain';

const change = (
  number: string,
  status: ChangeStatus,
  implemented: boolean,
  linked = true,
): FixingChangeView => ({ changeId: `id-${number}`, number, status, implemented, linked });

const major = { isMajor: true };

describe('resolving a major incident as a change (DOMAIN.md, stage 3)', () => {
  it.each<[ChangeStatus]>([['IMPLEMENTED'], ['REVIEWED'], ['CLOSED']])(
    'accepts a fixing change %s after its implementation, and names it',
    (status) => {
      expect(resolutionFix(major, [change('CHG-000031', status, true)], null, true)).toEqual({
        fixedBy: [{ changeId: 'id-CHG-000031', number: 'CHG-000031', status }],
        withoutChangeReason: null,
      });
    },
  );

  it('names only the implemented ones among several, and drops a reason that is not needed', () => {
    const changes = [
      change('CHG-000030', 'ROLLED_BACK', false),
      change('CHG-000031', 'IMPLEMENTED', true),
      change('CHG-000032', 'CLOSED', true),
    ];
    expect(resolutionFix(major, changes, 'just in case', true)).toEqual({
      fixedBy: [
        { changeId: 'id-CHG-000031', number: 'CHG-000031', status: 'IMPLEMENTED' },
        { changeId: 'id-CHG-000032', number: 'CHG-000032', status: 'CLOSED' },
      ],
      withoutChangeReason: null,
    });
  });

  it.each<[string, FixingChangeView]>([
    ['only approved', change('CHG-000031', 'APPROVED', false)],
    ['being implemented', change('CHG-000031', 'IMPLEMENTING', false)],
    ['rejected, then closed', change('CHG-000031', 'CLOSED', false)],
    ['failed, rolled back and reviewed', change('CHG-000031', 'REVIEWED', false)],
    ['implemented but no longer linked', change('CHG-000031', 'IMPLEMENTED', true, false)],
  ])('refuses with FIX_NOT_IMPLEMENTED when its change is %s, listing the linked changes', (_, fixing) => {
    expect(() => resolutionFix(major, [fixing], null, true)).toThrow(
      expect.objectContaining({
        code: 'FIX_NOT_IMPLEMENTED',
        details: {
          fixingChanges: fixing.linked
            ? [{ changeId: 'id-CHG-000031', number: 'CHG-000031', status: fixing.status }]
            : [],
        },
      }),
    );
  });

  it('says so when no change fixes it at all', () => {
    expect(() => resolutionFix(major, [], null, true)).toThrow(
      expect.objectContaining({
        code: 'FIX_NOT_IMPLEMENTED',
        message: expect.stringContaining('no change fixes it yet'),
      }),
    );
    expect(() => resolutionFix(major, [change('CHG-000031', 'APPROVED', false)], null, true)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('(CHG-000031 APPROVED)') }),
    );
  });

  it('accepts a reason instead of a change, and keeps it', () => {
    expect(resolutionFix(major, [change('CHG-000031', 'APPROVED', false)], 'Vendor fixed it', true)).toEqual({
      fixedBy: [],
      withoutChangeReason: 'Vendor fixed it',
    });
  });

  it('lets a major incident through without a change when the rule is off, keeping a reason if given', () => {
    expect(resolutionFix(major, [], null, false)).toEqual({ fixedBy: [], withoutChangeReason: null });
    expect(resolutionFix(major, [], 'Power came back', false)).toEqual({
      fixedBy: [],
      withoutChangeReason: 'Power came back',
    });
  });

  it('asks nothing of an incident that is not major, and records nothing for it', () => {
    const ordinary = { isMajor: false };
    expect(resolutionFix(ordinary, [], null, true)).toEqual({ fixedBy: [], withoutChangeReason: null });
    expect(resolutionFix(ordinary, [change('CHG-000031', 'IMPLEMENTED', true)], 'why', true)).toEqual({
      fixedBy: [],
      withoutChangeReason: null,
    });
  });
});
