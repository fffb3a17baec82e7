import { publishEvent } from './publish-event';

function fakeBus() {
  const published: Array<{ subject: string; payload: unknown; msgID: string | undefined }> = [];
  const bus = {
    subjectOf: (subject: string) => `test.prefix.${subject}`,
    js: {
      publish: (subject: string, payload: string, options?: { msgID?: string }) => {
        published.push({ subject, payload: JSON.parse(payload), msgID: options?.msgID });
        return Promise.resolve({ stream: 'TEST', seq: published.length, duplicate: false });
      },
    },
  };
  return { bus: bus as unknown as Parameters<typeof publishEvent>[0], published };
}

describe('publishEvent', () => {
  const event = { subject: 'incident.created.v1', id: 'e-1', data: { title: 'x' } };

  it('publishes the envelope without its subject to the full subject, under the event id', async () => {
    const { bus, published } = fakeBus();
    const ack = await publishEvent(bus, event);
    expect(published).toEqual([
      {
        subject: 'test.prefix.incident.created.v1',
        payload: { id: 'e-1', data: { title: 'x' } },
        msgID: 'e-1',
      },
    ]);
    expect(ack).toMatchObject({ duplicate: false });
  });

  it('publishes under another message id when given one', async () => {
    const { bus, published } = fakeBus();
    await publishEvent(bus, event, 'e-1-again');
    expect(published[0]?.msgID).toBe('e-1-again');
  });
});
