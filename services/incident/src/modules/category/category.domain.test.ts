import { categorySelectionProblems } from './category.domain';

const active = { retiredAt: null };
const retired = { retiredAt: new Date('2026-01-01T00:00:00Z') };

describe('category selection', () => {
  it('accepts none, a category alone, or an active category and subcategory', () => {
    expect(
      categorySelectionProblems({ category: null, subcategory: null }, { category: null, subcategory: null }),
    ).toEqual([]);
    expect(
      categorySelectionProblems(
        { category: 'network', subcategory: null },
        { category: active, subcategory: null },
      ),
    ).toEqual([]);
    expect(
      categorySelectionProblems(
        { category: 'network', subcategory: 'vpn' },
        { category: active, subcategory: active },
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a subcategory without a category',
      { category: null, subcategory: 'vpn' },
      { category: null, subcategory: null },
      'subcategory',
      'needs a category',
    ],
    [
      'an unknown category',
      { category: 'nope', subcategory: null },
      { category: null, subcategory: null },
      'category',
      'unknown category nope',
    ],
    [
      'a retired category',
      { category: 'fax', subcategory: null },
      { category: retired, subcategory: null },
      'category',
      'category fax is retired',
    ],
    [
      'a subcategory of a retired category',
      { category: 'fax', subcategory: 'paper' },
      { category: retired, subcategory: active },
      'category',
      'category fax is retired',
    ],
    [
      'an unknown subcategory',
      { category: 'network', subcategory: 'nope' },
      { category: active, subcategory: null },
      'subcategory',
      'unknown subcategory nope of network',
    ],
    [
      'a retired subcategory',
      { category: 'network', subcategory: 'isdn' },
      { category: active, subcategory: retired },
      'subcategory',
      'subcategory isdn is retired',
    ],
  ])('refuses %s', (_case, selection, found, path, message) => {
    expect(categorySelectionProblems(selection, found)).toEqual([{ path, message }]);
  });
});
