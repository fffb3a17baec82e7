import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTimeScalar } from '@mim/service-kit';
import type { ChangeContext } from '../../context';
import type { ChangeRequest } from './change-request.entity';

interface IncidentReference {
  __typename?: 'Incident';
  id: string;
}

const incidentReference = (id: string): IncidentReference => ({ __typename: 'Incident', id });

/** Thin: arguments -> use case -> result. Access rules live in the service. */
export const changeRequestResolvers: GraphQLResolverMap<ChangeContext> = {
  DateTime: DateTimeScalar,
  Query: {
    changeRequest: (_root, args: { id: string }, context) => context.changeById.load(args.id),
    changeRequests: (_root, args: Record<string, unknown>, context) =>
      context.changes.list(context.caller, args),
  },
  Mutation: {
    createChangeRequest: (_root, args: { input: unknown }, context) =>
      context.changes.create(context, args.input),
    changeChangeRequestStatus: (_root, args: Record<string, unknown>, context) =>
      context.changes.changeStatus(context, args),
  },
  ChangeRequest: {
    __resolveReference: (reference: { id: string }, context: ChangeContext) =>
      context.changeById.load(reference.id),
    incidents: async (change: ChangeRequest, _args, context) =>
      (await context.incidentLinksByChangeId.load(change.id)).map((link) =>
        incidentReference(link.incidentId),
      ),
    incidentLinks: async (change: ChangeRequest, _args, context) =>
      (await context.incidentLinksByChangeId.load(change.id)).map((link) => ({
        incident: incidentReference(link.incidentId),
        relation: link.relation,
      })),
  },
  Incident: {
    // The incident subgraph owns incidents; here an incident is only its key.
    __resolveReference: (reference: IncidentReference): IncidentReference => ({ id: reference.id }),
    changes: (incident: IncidentReference, _args, context) => context.changesByIncidentId.load(incident.id),
  },
};
