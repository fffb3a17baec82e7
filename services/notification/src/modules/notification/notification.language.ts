import type { Language } from '../../__generated__/resolvers-types';
import type { Locale } from './notification.vocabulary';

/** The GraphQL `Language` of a stored locale, and back (the API spells languages EN / FR). */
export const languageOf = (locale: Locale): Language => (locale === 'fr' ? 'FR' : 'EN');
export const localeOf = (language: Language): Locale => (language === 'FR' ? 'fr' : 'en');
