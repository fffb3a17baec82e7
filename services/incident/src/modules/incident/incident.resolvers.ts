import type { Resolvers } from '../../__generated__/resolvers-types';
import { incidentScope, seesInternal } from './incident.access';
import { downtimeSeconds } from '../major-incident/service-restoration.domain';

/** Thin: arguments -> use case -> result. Access rules live in the services; they validate inputs too. */
export const incidentResolvers = {
  Query: {
    incident: (_root, args, context) => context.incidentById.load(args.id),
    incidentByNumber: (_root, args, context) =>
      context.queries.findVisibleByNumber(context.caller, args.number),
    incidents: (_root, args, context) => context.queries.list(context.caller, args),
  },
  Mutation: {
    createIncident: (_root, args, context) => context.incidents.create(context, args.input),
    acknowledgeIncident: (_root, args, context) => context.lifecycle.acknowledge(context, args),
    startIncident: (_root, args, context) => context.lifecycle.start(context, args),
    holdIncident: (_root, args, context) => context.lifecycle.hold(context, args.input),
    resumeIncident: (_root, args, context) => context.lifecycle.resume(context, args),
    resolveIncident: (_root, args, context) => context.lifecycle.resolve(context, args.input),
    closeIncident: (_root, args, context) => context.lifecycle.close(context, args),
    reopenIncident: (_root, args, context) => context.lifecycle.reopen(context, args.input),
    cancelIncident: (_root, args, context) => context.lifecycle.cancel(context, args.input),
    reclassifyIncident: (_root, args, context) => context.routing.reclassify(context, args.input),
    assignIncident: (_root, args, context) => context.routing.assign(context, args.input),
    escalateIncident: (_root, args, context) => context.routing.escalate(context, args.input),
    escalateIncidentToManager: (_root, args, context) =>
      context.routing.escalateToManager(context, args.input),
  },
  Incident: {
    __resolveReference: (reference, context) => context.incidentById.load(reference.id),
    downtimeSeconds: (incident) => downtimeSeconds(incident),
    reporter: (incident) => ({
      id: incident.reporterId,
      name: incident.reporterName,
      email: incident.reporterEmail,
      phone: incident.reporterPhone,
    }),
    assignee: (incident) =>
      incident.assigneeId !== null
        ? { id: incident.assigneeId, name: incident.assigneeName ?? incident.assigneeId }
        : null,
    escalationManager: (incident) =>
      incident.escalationManagerId !== null
        ? {
            id: incident.escalationManagerId,
            name: incident.escalationManagerName ?? incident.escalationManagerId,
          }
        : null,
    comments: (incident, _args, context) => context.commentsByIncidentId.load(incident.id),
    // The incident itself was resolved within the caller's scope; reporters see the public entries only.
    timeline: (incident, args, context) =>
      context.timeline.page(incident.id, seesInternal(incidentScope(context.caller)), args),
    // Evaluated now, from the clocks stored with the incident: the time left is always current.
    sla: async (incident, _args, context) => {
      const record = await context.slaByIncidentId.load(incident.id);
      return record ? context.sla.view(record, new Date()) : null;
    },
  },
} satisfies Resolvers;
