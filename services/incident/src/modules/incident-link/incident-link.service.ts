import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { requirePermission } from '../incident/incident.permissions';
import { lockVisible } from '../incident/incident-updater';
import type { TimelineService } from '../timeline/timeline.service';
import { type LinkParty, type LinkPlan, assertCanBeParent, planLinks } from './incident-link.domain';
import { IncidentLink } from './incident-link.entity';
import { linkRefused } from './incident-link.errors';
import {
  childUnlinkedEntry,
  childUnlinkedEvent,
  childrenLinkedEntry,
  childrenLinkedEvent,
  linkedToMajorEntry,
  unlinkedFromMajorEntry,
} from './incident-link.history';
import { linkIncidentsInput, unlinkIncidentInput } from './incident-link.input';

/**
 * Parent and children: related incidents linked to their major incident. Each change is one
 * transaction: lock the parent, then the children in id order (the order the parent's resolution locks
 * them in, so the two never deadlock) -> rules -> rows -> timeline on both sides -> event. The
 * incidents' own fields and versions do not change.
 */
export class IncidentLinkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  link(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'linkToMajor');
    const input = parseInput(linkIncidentsInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const { parent } = await this.linkWithin(
        manager,
        meta,
        input.majorIncidentId,
        input.incidentIds,
        'strict',
      );
      return parent;
    });
  }

  /**
   * Links children to a major incident inside the caller's transaction (promoting a candidate uses
   * `skip`: incidents that cannot be children are left out). The caller checked the permission.
   */
  async linkWithin(
    manager: EntityManager,
    meta: RequestMeta,
    parentId: string,
    childIds: readonly string[],
    mode: 'strict' | 'skip',
  ): Promise<{ parent: Incident; plan: LinkPlan }> {
    const parent = await lockVisible(manager, meta.caller, parentId);
    const children: Incident[] = [];
    for (const id of [...new Set(childIds.map((id) => id.toLowerCase()))].sort()) {
      children.push(id === parent.id ? parent : await lockVisible(manager, meta.caller, id));
    }
    const parties = await this.partiesWithin(manager, [parent, ...children]);
    const plan = planLinks(
      parties.get(parent.id)!,
      children.map((child) => parties.get(child.id)!),
      mode,
    );
    if (plan.link.length === 0) return { parent, plan };
    const at = new Date();
    const linked = children.filter((child) => plan.link.includes(child.id));
    await manager.insert(
      IncidentLink,
      linked.map((child) => ({
        childId: child.id,
        parentId: parent.id,
        linkedAt: at,
        linkedBy: meta.caller.subject,
      })),
    );
    const actor = actorOf(meta.caller);
    await this.timeline.appendWithin(manager, parent.id, [childrenLinkedEntry(linked, actor, at)], meta);
    for (const child of linked) {
      await this.timeline.appendWithin(manager, child.id, [linkedToMajorEntry(parent, actor, at)], meta);
    }
    await appendToOutbox(manager, [childrenLinkedEvent(parent, plan.link, meta, at)], traceHeaders(meta));
    return { parent, plan };
  }

  unlink(meta: RequestMeta, rawInput: unknown): Promise<Incident> {
    requirePermission(meta.caller, 'linkToMajor');
    const input = parseInput(unlinkIncidentInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const parent = await lockVisible(manager, meta.caller, input.majorIncidentId);
      const child = await lockVisible(manager, meta.caller, input.incidentId);
      const link = await manager.findOneBy(IncidentLink, { childId: child.id });
      if (link?.parentId !== parent.id) throw linkRefused('NOT_A_CHILD', [child.id]);
      const at = new Date();
      const actor = actorOf(meta.caller);
      await manager.delete(IncidentLink, { childId: child.id });
      await this.timeline.appendWithin(manager, parent.id, [childUnlinkedEntry(child, actor, at)], meta);
      await this.timeline.appendWithin(manager, child.id, [unlinkedFromMajorEntry(parent, actor, at)], meta);
      await appendToOutbox(manager, [childUnlinkedEvent(parent, child.id, meta, at)], traceHeaders(meta));
      return parent;
    });
  }

  /** The children of a parent, in id order (the locking order), inside the caller's transaction. */
  async childIdsWithin(manager: EntityManager, parentId: string): Promise<string[]> {
    const rows = await manager.find(IncidentLink, { where: { parentId }, order: { childId: 'ASC' } });
    return rows.map((row) => row.childId);
  }

  /** `Incident.parent` of a batch of incidents (a DataLoader's batch function): the parent's id or null. */
  async parentIds(incidentIds: readonly string[]): Promise<Array<string | null>> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource.getRepository(IncidentLink).findBy({ childId: In(ids) })
      : [];
    const byChild = new Map(rows.map((row) => [row.childId, row.parentId]));
    return incidentIds.map((id) => byChild.get(id) ?? null);
  }

  /** `Incident.children` of a batch of incidents: their ids, earliest linked first. */
  async childIds(incidentIds: readonly string[]): Promise<string[][]> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource
          .getRepository(IncidentLink)
          .find({ where: { parentId: In(ids) }, order: { linkedAt: 'ASC', childId: 'ASC' } })
      : [];
    return incidentIds.map((id) => rows.filter((row) => row.parentId === id).map((row) => row.childId));
  }

  /** The incidents with what the rules read of their links (after the rows were locked). */
  private async partiesWithin(
    manager: EntityManager,
    incidents: readonly Incident[],
  ): Promise<Map<string, LinkParty>> {
    const ids = incidents.map((incident) => incident.id);
    const asChild = await manager.findBy(IncidentLink, { childId: In(ids) });
    const asParent = await manager.findBy(IncidentLink, { parentId: In(ids) });
    const parentOf = new Map(asChild.map((row) => [row.childId, row.parentId]));
    const parents = new Set(asParent.map((row) => row.parentId));
    return new Map(
      incidents.map((incident) => [
        incident.id,
        {
          id: incident.id,
          status: incident.status,
          isMajor: incident.isMajor,
          parentId: parentOf.get(incident.id) ?? null,
          hasChildren: parents.has(incident.id),
        },
      ]),
    );
  }

  /** Whether the incident may be a parent now (the candidate's promotion checks it before declaring). */
  async assertCanBeParentWithin(manager: EntityManager, incident: Incident): Promise<void> {
    const parties = await this.partiesWithin(manager, [incident]);
    assertCanBeParent({ ...parties.get(incident.id)!, isMajor: true });
  }
}
