import type { EventData, incidentMajorDeclaredV1 } from '@mim/contracts';
import type { NewProblem } from './problem.domain';

const titleLength = 200;
const descriptionLength = 20_000;

/** Cuts text to `max` characters, with an ellipsis when it was longer. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The problem opened when an incident is declared major (DOMAIN.md, containment: "create a problem record
 * to find the underlying cause"): titled after the incident and its impact, at the incident's priority,
 * linked to it, and owned by nobody until a problem manager takes it.
 */
export function problemForMajorIncident(data: EventData<typeof incidentMajorDeclaredV1>): NewProblem {
  const impact = data.impactStatement.replace(/\s+/g, ' ').trim();
  return {
    title: shorten(`Major incident ${data.number}: ${impact}`, titleLength),
    description: shorten(
      `Opened automatically when ${data.number} was declared a major incident (${data.declaredAt}), to ` +
        `find its underlying cause.\n\nImpact: ${data.impactStatement.trim()}`,
      descriptionLength,
    ),
    priority: data.priority,
    affectedServices: [],
    owner: null,
    incidentIds: [data.incidentId.toLowerCase()],
    status: 'NEW',
    version: 1,
  };
}
