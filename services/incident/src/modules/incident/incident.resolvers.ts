import { DateTimeScalar } from '@mim/service-kit';
import type { Resolvers } from '../../__generated__/resolvers-types';

/** Thin: arguments -> use case -> result. Access rules live in the service; it validates inputs too. */
export const incidentResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    incident: (_root, args, context) => context.incidentById.load(args.id),
    incidentByNumber: (_root, args, context) =>
      context.incidents.findVisibleByNumber(context.caller, args.number),
    incidents: (_root, args, context) => context.incidents.list(context.caller, args),
  },
  Mutation: {
    createIncident: (_root, args, context) => context.incidents.create(context, args.input),
    acknowledgeIncident: (_root, args, context) =>
      context.incidents.acknowledge(context, args.id, args.expectedVersion),
    resolveIncident: (_root, args, context) => context.incidents.resolve(context, args.input),
  },
  Incident: {
    __resolveReference: (reference, context) => context.incidentById.load(reference.id),
    reporter: (incident) => ({
      id: incident.reporterId,
      name: incident.reporterName,
      email: incident.reporterEmail,
    }),
  },
};
