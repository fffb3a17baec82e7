import { envelopeSchema } from './envelope';
import { eventRegistry, findEventDefinition } from './registry';

describe('event registry', () => {
  it.each(Object.values(eventRegistry))('$subject: the example satisfies its own schema', (definition) => {
    expect(definition.data.safeParse(definition.example).success).toBe(true);
  });

  it('keys every definition by <type>.v<version>', () => {
    for (const [subject, definition] of Object.entries(eventRegistry)) {
      expect(subject).toBe(`${definition.type}.v${definition.version}`);
    }
  });

  it('declares the incident events the gateway subscribes to, all about the incident aggregate', () => {
    for (const subject of [
      'incident.timeline_entry_recorded.v1',
      'incident.participant_added.v1',
      'incident.participant_removed.v1',
      'incident.major_declared.v1',
    ]) {
      expect(findEventDefinition(subject)?.aggregateType).toBe('incident');
    }
  });

  it('refuses a timeline entry at position 0 or with an unknown visibility', () => {
    const definition = findEventDefinition('incident.timeline_entry_recorded.v1')!;
    expect(definition.data.safeParse({ ...definition.example, position: 0 }).success).toBe(false);
    expect(definition.data.safeParse({ ...definition.example, visibility: 'SECRET' }).success).toBe(false);
  });

  it('finds a definition by subject and nothing for an unknown one', () => {
    expect(findEventDefinition('incident.created.v1')?.type).toBe('incident.created');
    expect(findEventDefinition('incident.created.v9')).toBeUndefined();
  });

  it('rejects an envelope without a uuid id or with a malformed type', () => {
    const valid = {
      id: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
      type: 'incident.created',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      aggregate: { type: 'incident', id: 'x', version: 1 },
      actor: { kind: 'user', id: 'u1' },
      correlationId: 'c1',
      data: {},
    };
    expect(envelopeSchema.safeParse(valid).success).toBe(true);
    expect(envelopeSchema.safeParse({ ...valid, id: 'not-a-uuid' }).success).toBe(false);
    expect(envelopeSchema.safeParse({ ...valid, type: 'Incident Created' }).success).toBe(false);
  });
});
