import type {
  Actor,
  ChangeImpact,
  ChangeRisk,
  IncidentLink,
  NewChangeRequest,
} from '../change-request/change-request.domain';
import { raiseChangeRequest } from '../change-request/change-request.domain';
import {
  retiredTemplateIsFrozen,
  staleTemplateVersion,
  templateRetired,
} from './standard-change-template.errors';

/**
 * A standard change template: a routine change (a certificate renewal, adding a disk) whose plans and
 * risk the change manager has approved once, so each change made from it is pre-approved.
 */
export interface TemplateFields {
  name: string;
  description: string;
  implementationPlan: string;
  rollbackPlan: string;
  testPlan: string | null;
  risk: ChangeRisk;
  impact: ChangeImpact;
}

export interface TemplateState extends TemplateFields {
  id: string;
  version: number;
  retiredAt: Date | null;
}

export function assertTemplateVersion(template: { version: number }, expectedVersion: number): void {
  if (template.version !== expectedVersion) throw staleTemplateVersion(expectedVersion, template.version);
}

/** Changes a template's fields (those given). A retired template is kept as it was. */
export function reviseTemplate<TTemplate extends TemplateState>(
  template: TTemplate,
  expectedVersion: number,
  patch: Partial<TemplateFields>,
): TTemplate {
  assertTemplateVersion(template, expectedVersion);
  if (template.retiredAt) throw retiredTemplateIsFrozen();
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...template, ...defined, version: template.version + 1 };
}

/**
 * Takes a template out of the catalogue: no new change can be made from it, and drafts made from it can
 * no longer be submitted (their pre-approval is withdrawn). Retiring twice changes nothing.
 */
export function retireTemplate<TTemplate extends TemplateState>(
  template: TTemplate,
  expectedVersion: number,
  at: Date,
): TTemplate {
  assertTemplateVersion(template, expectedVersion);
  if (template.retiredAt) return template;
  return { ...template, retiredAt: at, version: template.version + 1 };
}

/** What a requester gives for a standard change; the rest comes from the template. */
export interface StandardChangeInput {
  /** Defaults to the template's name and description. */
  title: string | null;
  description: string | null;
  plannedStart: Date;
  plannedEnd: Date;
  affectedServices: string[];
  configurationItems: string[];
  incidentLinks: IncidentLink[];
  problemIds: string[];
}

/** A standard change drafted from an active template: its plans, risk and impact are the template's. */
export function standardChangeFrom(
  actor: Actor,
  template: TemplateState,
  input: StandardChangeInput,
): NewChangeRequest {
  if (template.retiredAt) throw templateRetired('templateId');
  return raiseChangeRequest(actor, {
    ...input,
    title: input.title ?? template.name,
    description: input.description ?? template.description,
    type: 'STANDARD',
    risk: template.risk,
    impact: template.impact,
    implementationPlan: template.implementationPlan,
    rollbackPlan: template.rollbackPlan,
    testPlan: template.testPlan,
    templateId: template.id,
  });
}
