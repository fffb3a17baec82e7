import type { Resolvers } from '../../__generated__/resolvers-types';
import { incidentScope, seesInternal } from '../incident/incident.access';

export const warRoomResolvers = {
  Mutation: {
    setMajorIncidentRooms: (_root, args, context) => context.warRooms.set(context, args.input),
  },
  Incident: {
    // The incident was resolved within the caller's scope; the rooms are the team's, like internal entries.
    conferenceBridge: async (incident, _args, context) => {
      if (!seesInternal(incidentScope(context.caller))) return null;
      const rooms = await context.roomsByIncidentId.load(incident.id);
      return rooms && (rooms.bridgeUrl !== null || rooms.bridgeDialIn !== null)
        ? { url: rooms.bridgeUrl, dialIn: rooms.bridgeDialIn }
        : null;
    },
    warRoom: async (incident, _args, context) => {
      if (!seesInternal(incidentScope(context.caller))) return null;
      return (await context.roomsByIncidentId.load(incident.id))?.warRoom ?? null;
    },
  },
} satisfies Resolvers;
