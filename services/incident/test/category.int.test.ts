import { IncidentHarness, validInput } from './incident-harness';

type Category = {
  id: string;
  code: string;
  name: string;
  retiredAt: string | null;
  parent: { code: string } | null;
  subcategories: Array<{ id: string; code: string; retiredAt: string | null }>;
};
const catalogue = `query($all: Boolean) { incidentCategories(includeRetired: $all) {
  id code name retiredAt parent { code } subcategories(includeRetired: $all) { id code retiredAt } } }`;
const add = `mutation($input: AddIncidentCategoryInput!) {
  addIncidentCategory(input: $input) { id code name parent { code } retiredAt } }`;
const retire = `mutation($id: ID!) { retireIncidentCategory(id: $id) { id code retiredAt } }`;

describe('the category catalogue (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let admin: string;
  let technician: string;
  let reporter: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    admin = await harness.token('root', ['admin'], 'Admin');
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    reporter = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const categories = async (includeRetired = false) =>
    (await harness.call<{ incidentCategories: Category[] }>(reporter, catalogue, { all: includeRetired }))
      .data!.incidentCategories;

  it('is seeded with the usual IT categories and subcategories, readable by anyone signed in', async () => {
    const seeded = await categories();
    expect(seeded.map((category) => category.code)).toEqual(
      expect.arrayContaining(['hardware', 'software', 'network', 'access', 'security', 'request', 'other']),
    );
    const network = seeded.find((category) => category.code === 'network')!;
    expect(network.subcategories.map((sub) => sub.code)).toEqual(
      expect.arrayContaining(['vpn', 'wifi', 'dns', 'connectivity']),
    );
  });

  it('files an incident under an active category and subcategory, and refuses unknown ones', async () => {
    const created = await harness.create(technician, { category: 'network', subcategory: 'vpn' });
    expect(created).toMatchObject({ category: 'network', subcategory: 'vpn' });
    const before = await harness.counts();
    for (const [selection, path] of [
      [{ category: 'plumbing' }, 'category'],
      [{ category: 'network', subcategory: 'printer' }, 'subcategory'],
      [{ subcategory: 'vpn' }, 'subcategory'],
      [{ category: 'Network' }, 'category'],
    ] as const) {
      const response = await harness.call(
        technician,
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        {
          input: { ...validInput, ...selection },
        },
      );
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ path })],
      });
    }
    expect(await harness.counts()).toEqual(before);
  });

  it('lets an admin add a category and a subcategory, refusing duplicates and deeper nesting', async () => {
    const telephony = await harness.ok<Category>(admin, add, {
      input: { code: 'telephony', name: 'Telephony' },
    });
    expect(telephony).toMatchObject({ code: 'telephony', parent: null, retiredAt: null });
    const voicemail = await harness.ok<Category>(admin, add, {
      input: { code: 'voicemail', name: 'Voicemail', parentCode: 'telephony' },
    });
    expect(voicemail.parent).toEqual({ code: 'telephony' });
    // The same code may exist under another parent (network/performance vs database/performance).
    await harness.ok(admin, add, { input: { code: 'vpn', name: 'VPN phones', parentCode: 'telephony' } });
    for (const input of [
      { code: 'telephony', name: 'Again' },
      { code: 'voicemail', name: 'Again', parentCode: 'telephony' },
      { code: 'deeper', name: 'Deeper', parentCode: 'voicemail' },
      { code: 'Not A Code', name: 'x' },
    ]) {
      expect(await harness.errorCode(admin, add, { input })).toBe('BAD_USER_INPUT');
    }
    expect(
      await harness.create(technician, { category: 'telephony', subcategory: 'voicemail' }),
    ).toMatchObject({
      subcategory: 'voicemail',
    });
  });

  it('retires entries: gone from the list and refused for new incidents, kept on old ones', async () => {
    const fax = await harness.ok<Category>(admin, add, { input: { code: 'fax', name: 'Fax' } });
    const paper = await harness.ok<Category>(admin, add, {
      input: { code: 'paper', name: 'Paper', parentCode: 'fax' },
    });
    const old = await harness.create(technician, { category: 'fax', subcategory: 'paper' });

    const retiredPaper = await harness.ok<Category>(admin, retire, { id: paper.id });
    expect(retiredPaper.retiredAt).not.toBeNull();
    // Idempotent: retiring twice keeps the first date.
    expect(await harness.ok<Category>(admin, retire, { id: paper.id })).toEqual(retiredPaper);
    expect((await categories()).find((category) => category.code === 'fax')!.subcategories).toEqual([]);
    expect(
      (await categories(true))
        .find((category) => category.code === 'fax')!
        .subcategories.map((sub) => sub.code),
    ).toEqual(['paper']);
    expect(
      await harness.errorCode(
        technician,
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        {
          input: { ...validInput, category: 'fax', subcategory: 'paper' },
        },
      ),
    ).toBe('BAD_USER_INPUT');

    await harness.ok(admin, retire, { id: fax.id });
    expect((await categories()).map((category) => category.code)).not.toContain('fax');
    expect(
      await harness.errorCode(
        technician,
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        {
          input: { ...validInput, category: 'fax' },
        },
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      await harness.errorCode(admin, add, { input: { code: 'toner', name: 'Toner', parentCode: 'fax' } }),
    ).toBe('BAD_USER_INPUT');
    const stillFiled = await harness.call<{ incident: { category: string; subcategory: string } }>(
      technician,
      `query($id: ID!) { incident(id: $id) { category subcategory } }`,
      { id: old.id },
    );
    expect(stillFiled.data?.incident).toEqual({ category: 'fax', subcategory: 'paper' });
  });

  it('answers NOT_FOUND for an unknown entry', async () => {
    expect(await harness.errorCode(admin, retire, { id: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10' })).toBe(
      'NOT_FOUND',
    );
    expect(await harness.errorCode(admin, retire, { id: 'nope' })).toBe('NOT_FOUND');
  });
});
