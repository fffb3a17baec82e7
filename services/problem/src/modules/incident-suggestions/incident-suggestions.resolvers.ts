import type { Resolvers } from '../../__generated__/resolvers-types';
import { suggestionText } from './incident-suggestions.domain';

/**
 * `Incident.suggestedKnownErrors`: the gateway hands over the incident's title and symptoms
 * (`@requires`), kept by `Incident.__resolveReference`; the known error database is searched with them.
 */
export const incidentSuggestionResolvers = {
  Incident: {
    suggestedKnownErrors: (incident, args, context) => {
      const text = suggestionText(incident as { title?: unknown; symptoms?: unknown });
      // Only reached without its required fields when called outside the gateway: nothing to match.
      if (text === null) return [];
      return context.knownErrors.search(context.caller, { text, first: args.first });
    },
  },
} satisfies Resolvers;
