import { usesWebSearchSyntax } from '../known-error/known-error.service';
import { maxSearchText, suggestionText } from './incident-suggestions.domain';

describe('the known-error search text of an incident', () => {
  it('joins title and symptoms', () => {
    expect(suggestionText({ title: 'HTTP 502 on every edge node', symptoms: 'CPU at 100%' })).toBe(
      'HTTP 502 on every edge node CPU at 100%',
    );
    expect(suggestionText({ title: 'HTTP 502', symptoms: null })).toBe('HTTP 502');
  });

  it('stays plain text (any word matches), whatever the reporter typed', () => {
    const text = suggestionText({
      title: '"Checkout" down -- or is it?',
      symptoms: 'error -502 or timeout',
    })!;
    expect(text).toBe('Checkout down is it? error 502 timeout');
    expect(usesWebSearchSyntax(text)).toBe(false);
  });

  it('is cut at a word boundary to what the search accepts', () => {
    const text = suggestionText({ title: 'word '.repeat(200), symptoms: null })!;
    expect(text.length).toBeLessThanOrEqual(maxSearchText);
    expect(text.endsWith('word')).toBe(true);
  });

  it('is null without a title or symptoms to search with', () => {
    expect(suggestionText({})).toBeNull();
    expect(suggestionText({ title: '  ', symptoms: null })).toBeNull();
  });
});
