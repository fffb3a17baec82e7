/** The catalogue entries a selection names, as found (null: no such code under that parent). */
export interface FoundSelection {
  category: { retiredAt: Date | null } | null;
  subcategory: { retiredAt: Date | null } | null;
}

/**
 * Whether an incident may be filed under a category and subcategory: both must exist in the catalogue
 * and not be retired (a retired category retires its subcategories too); a subcategory needs its
 * category. Returns the problems as invalid fields; none means valid.
 */
export function categorySelectionProblems(
  selection: { category: string | null; subcategory: string | null },
  found: FoundSelection,
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (selection.category === null) {
    if (selection.subcategory !== null) {
      problems.push({ path: 'subcategory', message: 'needs a category' });
    }
    return problems;
  }
  if (!found.category) {
    problems.push({ path: 'category', message: `unknown category ${selection.category}` });
    return problems;
  }
  if (found.category.retiredAt) {
    problems.push({ path: 'category', message: `category ${selection.category} is retired` });
    return problems;
  }
  if (selection.subcategory === null) return problems;
  if (!found.subcategory) {
    problems.push({
      path: 'subcategory',
      message: `unknown subcategory ${selection.subcategory} of ${selection.category}`,
    });
  } else if (found.subcategory.retiredAt) {
    problems.push({ path: 'subcategory', message: `subcategory ${selection.subcategory} is retired` });
  }
  return problems;
}
