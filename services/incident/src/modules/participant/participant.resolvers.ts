import type { Resolvers } from '../../__generated__/resolvers-types';
import { incidentScope, seesInternal } from '../incident/incident.access';

export const participantResolvers = {
  Mutation: {
    addIncidentParticipant: (_root, args, context) => context.participants.add(context, args.input),
    removeIncidentParticipant: (_root, args, context) => context.participants.remove(context, args.input),
  },
  Incident: {
    // The incident was resolved within the caller's scope; the roster is internal, like its entries.
    participants: (incident, _args, context) =>
      seesInternal(incidentScope(context.caller)) ? context.participantsByIncidentId.load(incident.id) : [],
  },
  IncidentParticipant: {
    person: (participant) => ({ id: participant.userId, name: participant.name }),
  },
} satisfies Resolvers;
