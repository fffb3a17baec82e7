/** The longest text searchKnownErrors accepts (known-error.input.ts). */
export const maxSearchText = 500;

/**
 * The search text of an incident's title and symptoms, as plain words: quotes, a leading minus and the
 * word `or` would turn the search into web-search syntax (every word must match), so they are dropped;
 * the known errors sharing the most words with the incident come first. Cut to the search's limit at a
 * word boundary. Null when there is nothing to search with (the `@requires` fields were not given). Pure.
 */
export function suggestionText(incident: { title?: unknown; symptoms?: unknown }): string | null {
  const parts = [incident.title, incident.symptoms].filter(
    (part): part is string => typeof part === 'string',
  );
  const words = parts
    .join(' ')
    .replaceAll('\u0000', ' ')
    .replace(/"/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^-+/, ''))
    .filter((word) => word.length > 0 && word.toLowerCase() !== 'or');
  let text = '';
  for (const word of words) {
    const next = text ? `${text} ${word}` : word;
    if (next.length > maxSearchText) break;
    text = next;
  }
  return text.length > 0 ? text : null;
}
