import { randomUUID } from 'node:crypto';
import { appendToOutbox } from '@mim/messaging';
import { traceHeaders } from '@mim/service-kit';
import type { EntityManager } from 'typeorm';
import type { IncidentChange, IncidentChangeListener } from '../incident/incident-updater';
import { type Arrival, detect, serviceNames } from './mi-candidate.domain';
import { CandidateListing, MajorIncidentCandidate } from './mi-candidate.entity';
import { candidateRaisedEvent } from './mi-candidate.history';
import type { CandidatePolicy } from './mi-candidate.policy';
import { lockDetection, openCandidateFor, peersOnService, similarPeers } from './mi-candidate.store';

/**
 * An incident listener: evaluates each new incident inside its creating transaction (so a candidate
 * and its incidents commit together, and an incident is never missed). Detections run one at a time
 * (an advisory transaction lock), so two incidents created at once cannot raise two candidates for one
 * cluster; the unique OPEN cluster key and the one-listing-per-incident key back that up in the schema.
 * Service requests are not counted: a flood is of incidents.
 */
export function detectMajorIncidentCandidates(policy: CandidatePolicy): IncidentChangeListener {
  return async (manager: EntityManager, change: IncidentChange): Promise<void> => {
    if (change.type !== 'created' || change.incident.kind !== 'INCIDENT') return;
    const incident = change.incident;
    await lockDetection(manager);
    const services = serviceNames(incident.affectedServices);
    const openCandidateId = await openCandidateFor(
      manager,
      incident,
      services.map((service) => `service:${service.key}`),
      policy.similarity,
    );
    // Only what the decision needs is read: nothing more once a candidate absorbs it or an alert raises one.
    const serviceFloods = new Map<string, Arrival[]>();
    let similar: Arrival[] = [];
    if (!openCandidateId) {
      for (const service of services) {
        serviceFloods.set(
          service.key,
          await peersOnService(manager, incident, service.key, policy.windowMinutes),
        );
      }
      similar = await similarPeers(manager, incident, policy.windowMinutes, policy.similarity);
    }
    const decision = detect(incident, { openCandidateId, serviceFloods, similarPeers: similar }, policy);
    switch (decision.kind) {
      case 'none':
        return;
      case 'absorb':
        await manager.insert(CandidateListing, {
          incidentId: incident.id,
          candidateId: decision.candidateId,
          listedAt: change.at,
        });
        return;
      case 'raise': {
        const candidate = manager.create(MajorIncidentCandidate, {
          id: randomUUID(),
          reason: decision.reason,
          service: decision.service,
          clusterKey: decision.clusterKey,
          status: 'OPEN',
          raisedAt: change.at,
          decidedAt: null,
          decidedById: null,
          decidedByName: null,
          dismissReason: null,
          majorIncidentId: null,
          version: 1,
        });
        await manager.insert(MajorIncidentCandidate, candidate);
        await manager.insert(
          CandidateListing,
          decision.incidentIds.map((incidentId) => ({
            incidentId,
            candidateId: candidate.id,
            listedAt: change.at,
          })),
        );
        await appendToOutbox(
          manager,
          [candidateRaisedEvent(candidate, decision.incidentIds, change.meta)],
          traceHeaders(change.meta),
        );
        return;
      }
    }
  };
}
