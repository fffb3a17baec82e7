import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTimeScalar } from '@mim/service-kit';
import type { IncidentContext } from '../../context';
import type { Incident } from './incident.entity';

/** Thin: arguments -> use case -> result. Access rules live in the service. */
export const incidentResolvers: GraphQLResolverMap<IncidentContext> = {
  DateTime: DateTimeScalar,
  Query: {
    incident: (_root, args: { id: string }, context) => context.incidentById.load(args.id),
    incidentByNumber: (_root, args: { number: string }, context) =>
      context.incidents.findVisibleByNumber(context.caller, args.number),
    incidents: (_root, args: Record<string, unknown>, context) =>
      context.incidents.list(context.caller, args),
  },
  Mutation: {
    createIncident: (_root, args: { input: unknown }, context) =>
      context.incidents.create(context, args.input),
    acknowledgeIncident: (_root, args: { id: string; expectedVersion: number }, context) =>
      context.incidents.acknowledge(context, args.id, args.expectedVersion),
    resolveIncident: (_root, args: { input: unknown }, context) =>
      context.incidents.resolve(context, args.input),
  },
  Incident: {
    __resolveReference: (reference: { id: string }, context: IncidentContext) =>
      context.incidentById.load(reference.id),
    reporter: (incident: Incident) => ({
      id: incident.reporterId,
      name: incident.reporterName,
      email: incident.reporterEmail,
    }),
  },
};
