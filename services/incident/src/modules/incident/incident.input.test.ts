import { parseInput } from '@mim/service-kit';
import { addCommentInput } from '../comment/comment.input';
import { addCategoryInput } from '../category/category.input';
import {
  assignIncidentInput,
  createIncidentInput,
  holdIncidentInput,
  incidentListArgs,
  reclassifyIncidentInput,
} from './incident.input';

const valid = {
  title: 'VPN drops every 5 minutes',
  description: 'Since this morning',
  channel: 'PHONE',
  impact: 'MODERATE',
  urgency: 'HIGH',
};
const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';

const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    return (error as { details: { fields: Array<{ path: string }> } }).details.fields.map(
      (field) => field.path,
    );
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('incident inputs', () => {
  it('normalise: trimmed texts, blank optional texts as null, deduplicated lists, INCIDENT by default', () => {
    expect(
      parseInput(createIncidentInput, {
        ...valid,
        title: '  VPN drops  ',
        symptoms: '   ',
        affectedServices: ['vpn', 'vpn'],
        configurationItems: null,
      }),
    ).toMatchObject({
      title: 'VPN drops',
      symptoms: null,
      kind: 'INCIDENT',
      affectedServices: ['vpn'],
      configurationItems: [],
    });
  });

  it('refuse NUL characters in every text, listing each field', () => {
    const nul = 'a\u0000b';
    expect(
      fieldsOf(() =>
        parseInput(createIncidentInput, {
          ...valid,
          title: nul,
          description: nul,
          symptoms: nul,
          affectedServices: [nul],
          configurationItems: [nul],
          reporter: { name: nul, email: `${nul}@example.com`, phone: nul },
        }),
      ).sort(),
    ).toEqual(
      [
        'title',
        'description',
        'symptoms',
        'affectedServices.0',
        'configurationItems.0',
        'reporter.name',
        'reporter.email',
        'reporter.phone',
      ].sort(),
    );
    expect(
      fieldsOf(() => parseInput(addCommentInput, { incidentId: id, body: nul, visibility: 'PUBLIC' })),
    ).toEqual(['body']);
    expect(
      fieldsOf(() => parseInput(incidentListArgs, { filter: { search: nul, service: nul } })).sort(),
    ).toEqual(['filter.search', 'filter.service']);
    expect(fieldsOf(() => parseInput(addCategoryInput, { code: 'a\u0000', name: nul }))).toEqual(
      expect.arrayContaining(['code', 'name']),
    );
  });

  it('refuse oversized texts and lists', () => {
    expect(
      fieldsOf(() =>
        parseInput(createIncidentInput, {
          ...valid,
          title: 'x'.repeat(201),
          description: 'x'.repeat(20_001),
          symptoms: 'x'.repeat(10_001),
          affectedServices: Array.from({ length: 51 }, (_, index) => `s${index}`),
        }),
      ).sort(),
    ).toEqual(['affectedServices', 'description', 'symptoms', 'title']);
    expect(
      fieldsOf(() =>
        parseInput(addCommentInput, { incidentId: id, body: 'x'.repeat(10_001), visibility: 'PUBLIC' }),
      ),
    ).toEqual(['body']);
  });

  it('refuse unknown enum values', () => {
    expect(
      fieldsOf(() => parseInput(createIncidentInput, { ...valid, channel: 'FAX', impact: 'HUGE' })).sort(),
    ).toEqual(['channel', 'impact']);
    expect(
      fieldsOf(() => parseInput(incidentListArgs, { sort: 'RANDOM', filter: { status: ['LOST'] } })).sort(),
    ).toEqual(['filter.status.0', 'sort']);
  });

  it('check reporter contacts', () => {
    expect(
      fieldsOf(() =>
        parseInput(createIncidentInput, {
          ...valid,
          reporter: { name: 'Ada', email: 'not-an-email', phone: 'call me' },
        }),
      ).sort(),
    ).toEqual(['reporter.email', 'reporter.phone']);
    expect(
      parseInput(createIncidentInput, {
        ...valid,
        reporter: { name: 'Ada', phone: '+44 20 7946 0958 ext. 12' },
      }).reporter,
    ).toMatchObject({ phone: '+44 20 7946 0958 ext. 12' });
  });

  it('need a note for a hold for another reason', () => {
    expect(
      fieldsOf(() => parseInput(holdIncidentInput, { id, expectedVersion: 1, reason: 'OTHER' })),
    ).toEqual(['note']);
    expect(
      parseInput(holdIncidentInput, { id, expectedVersion: 1, reason: 'AWAITING_USER' }).note,
    ).toBeNull();
  });

  it('need something to change when reclassifying or assigning', () => {
    expect(
      fieldsOf(() => parseInput(reclassifyIncidentInput, { id, expectedVersion: 1, reason: 'r' })),
    ).toEqual(['impact']);
    expect(fieldsOf(() => parseInput(assignIncidentInput, { id, expectedVersion: 1 }))).toEqual(['assignee']);
    expect(parseInput(assignIncidentInput, { id, expectedVersion: 1, assignee: null })).toMatchObject({
      assignee: null,
    });
  });

  it('cap a page at 100', () => {
    expect(fieldsOf(() => parseInput(incidentListArgs, { first: 101 }))).toEqual(['first']);
  });
});
