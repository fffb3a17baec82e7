import { randomUUID } from 'node:crypto';
import { createProblemInput, linkIncidentsArgs, problemListArgs } from './problem.input';

const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';

describe('createProblem input', () => {
  const valid = { title: ' Root cause ', description: 'd', priority: 'P1' };

  it('trims text, defaults and de-duplicates incident ids and services', () => {
    expect(createProblemInput.parse(valid)).toMatchObject({
      title: 'Root cause',
      incidentIds: [],
      affectedServices: [],
    });
    const parsed = createProblemInput.parse({
      ...valid,
      incidentIds: [id, id.toUpperCase()],
      affectedServices: [' edge ', 'edge', 'dns'],
    });
    expect(parsed.incidentIds).toEqual([id]);
    expect(parsed.affectedServices).toEqual(['edge', 'dns']);
  });

  it('lists every problem at once', () => {
    const result = createProblemInput.safeParse({
      title: '  ',
      description: 'a\u0000b',
      priority: 'P9',
      incidentIds: ['x'],
      owner: { id: '', name: 'Pat' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'description',
      'incidentIds.0',
      'owner.id',
      'priority',
      'title',
    ]);
  });
});

describe('linkIncidentsToProblem arguments', () => {
  it('needs at least one incident id, at most 100', () => {
    expect(linkIncidentsArgs.safeParse({ id, expectedVersion: 1, incidentIds: [] }).success).toBe(false);
    const many = Array.from({ length: 101 }, () => randomUUID());
    expect(linkIncidentsArgs.safeParse({ id, expectedVersion: 1, incidentIds: many }).success).toBe(false);
    expect(linkIncidentsArgs.safeParse({ id, expectedVersion: 0, incidentIds: [id] }).success).toBe(false);
  });
});

describe('problems arguments', () => {
  it('refuses more than 100 per page', () => {
    expect(problemListArgs.safeParse({ first: 100 }).success).toBe(true);
    expect(problemListArgs.safeParse({ first: 101 }).success).toBe(false);
    expect(problemListArgs.safeParse({ first: 0 }).success).toBe(false);
  });

  it('takes a filter, and refuses a blank search', () => {
    expect(
      problemListArgs.parse({ filter: { status: ['NEW'], unassigned: true, search: ' waf ' } }).filter,
    ).toMatchObject({ status: ['NEW'], unassigned: true, search: 'waf' });
    expect(problemListArgs.safeParse({ filter: { search: '  ' } }).success).toBe(false);
  });
});
