import { systemCaller } from '@mim/auth';
import { DomainError } from '@mim/errors';
import type { RequestMeta } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import type { CommentService } from '../comment/comment.service';
import { isOpen } from '../incident/incident.domain';
import { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import type { IncidentLifecycleService } from '../incident/incident-lifecycle.service';
import type { IncidentService } from '../incident/incident.service';
import type { DeduplicationPolicy } from './alert-deduplication';
import { alertIncidentInput, alertResolvedEntry, fit } from './alert-incident';
import { createAlertReceiver } from './alert-receiver';
import type { AlertIncidentPort } from './apply-alert';
import { emailIncidentInput, emailIntakeCaller, emailReply } from './email-incident';
import type { IntakeContext, IntakeSink } from './intake-sink';

/** The incident use cases intake writes through, each inside intake's own transaction. */
export interface IncidentUseCases {
  incidents: Pick<IncidentService, 'createWithin' | 'addTimelineEntryWithin'>;
  lifecycle: Pick<IncidentLifecycleService, 'resolveWithin'>;
  comments: Pick<CommentService, 'addWithin'>;
}

/** Who alert intake acts as: a system caller, recorded on the timeline and in the events. */
export const monitoringIntakeCaller = systemCaller('monitoring-intake');

/**
 * The `IntakeSink` of the incident service. Alerts: `createAlertReceiver` (one transaction per alert,
 * deduplicated by fingerprint) over `incidentAlertPort`. Email: `receiveEmail` below. The request's
 * correlation id goes onto every event written, so an alert can be followed to its notifications.
 */
export function createIncidentIntakeSink(deps: {
  dataSource: DataSource;
  useCases: IncidentUseCases;
  policy: DeduplicationPolicy;
  now?: () => Date;
}): IntakeSink {
  const { dataSource, useCases } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    receiveAlerts: createAlertReceiver({
      dataSource,
      incidents: (context) => incidentAlertPort(useCases, metaOf(monitoringIntakeCaller, context), now),
      policy: deps.policy,
      now,
    }),

    receiveEmail: (email, context) =>
      dataSource.transaction(async (manager) => {
        const meta = metaOf(emailIntakeCaller, context);
        const target = email.referencedNumber
          ? await manager.findOneBy(Incident, { number: email.referencedNumber })
          : null;
        if (target) {
          const reply = emailReply(email, target);
          await useCases.comments.addWithin(
            manager,
            { ...meta, caller: reply.caller },
            { incidentId: target.id, body: reply.body, visibility: reply.visibility },
          );
          return { outcome: 'COMMENT_ADDED', incidentId: target.id, incidentNumber: target.number };
        }
        const incident = await useCases.incidents.createWithin(manager, meta, emailIncidentInput(email));
        return { outcome: 'INCIDENT_CREATED', incidentId: incident.id, incidentNumber: incident.number };
      }),
  };
}

/**
 * `AlertIncidentPort` on the incident use cases. An alert group's occurrences are counted on its row
 * (`Incident.monitoringAlert`), not on the timeline: a storm of 1,000 notifications writes no timeline
 * rows; the resolution writes one, with the final count.
 */
export function incidentAlertPort(
  useCases: IncidentUseCases,
  meta: RequestMeta,
  now: () => Date = () => new Date(),
): AlertIncidentPort {
  return {
    async createIncident(manager, alert) {
      const incident = await useCases.incidents.createWithin(manager, meta, alertIncidentInput(alert, now()));
      return { id: incident.id, number: incident.number };
    },

    async addTimelineEntry(manager, incidentId, entry) {
      await useCases.incidents.addTimelineEntryWithin(
        manager,
        incidentId,
        alertResolvedEntry(entry, actorOf(meta.caller)),
        meta,
      );
    },

    async lockIncident(manager, incidentId) {
      await manager.findOne(Incident, {
        select: { id: true },
        where: { id: incidentId },
        lock: { mode: 'pessimistic_write' },
      });
    },

    async resolveIncident(manager, incidentId, entry) {
      const incident = await manager.findOne(Incident, {
        where: { id: incidentId },
        lock: { mode: 'pessimistic_write' },
      });
      // Already resolved, closed or cancelled by a person: the alert's resolution changes nothing more.
      if (!incident || !isOpen(incident.status)) return;
      try {
        await useCases.lifecycle.resolveWithin(manager, meta, {
          id: incident.id,
          expectedVersion: incident.version,
          // The reporter (the monitoring source) says the failure is gone; nobody has said why yet.
          resolutionCode: 'RESOLVED_BY_CALLER',
          resolutionNotes: fit(entry.summary, 20_000),
        });
      } catch (error) {
        // A major incident is resolved by an implemented change: until one is, it stays open (the
        // alert's resolution is on its timeline) and its manager resolves it. The rule refuses before
        // anything is written, so the alert's transaction goes on.
        if (error instanceof DomainError && error.code === 'FIX_NOT_IMPLEMENTED') return;
        throw error;
      }
    },
  };
}

function metaOf(caller: RequestMeta['caller'], context: IntakeContext): RequestMeta {
  return { caller, correlationId: context.correlationId, traceparent: null };
}
