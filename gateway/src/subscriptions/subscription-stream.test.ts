import { SubscriptionStream } from './subscription-stream';

const item = (cursor: number) => ({ result: { data: { entry: { position: cursor } } }, cursor });

function stream(capacity: number, onClose = jest.fn()) {
  return new SubscriptionStream({
    capacity,
    lagging: (lastCursor) => ({
      errors: [{ message: 'behind', extensions: { code: 'SUBSCRIPTION_LAGGING', lastCursor } }],
    }),
    onClose,
  });
}

describe('SubscriptionStream', () => {
  it('hands queued payloads over in order, then waits for the next one', async () => {
    const subject = stream(10);
    subject.push(item(1));
    subject.push(item(2));
    expect((await subject.next()).value).toEqual(item(1).result);
    expect((await subject.next()).value).toEqual(item(2).result);
    const pending = subject.next();
    subject.push(item(3));
    expect((await pending).value).toEqual(item(3).result);
  });

  it('ends a subscriber that falls behind with one lagging error carrying the last delivered cursor', async () => {
    const onClose = jest.fn();
    const subject = stream(3, onClose);
    subject.push(item(1));
    await subject.next();
    expect(subject.push(item(2))).toBe(true);
    expect(subject.push(item(3))).toBe(true);
    expect(subject.push(item(4))).toBe(true);
    // The fourth queued payload is one too many: the backlog is dropped, nothing more is accepted.
    expect(subject.push(item(5))).toBe(false);
    expect(subject.push(item(6))).toBe(false);
    expect(subject.queued).toBe(1);
    const terminal = await subject.next();
    expect(terminal.value).toEqual({
      errors: [{ message: 'behind', extensions: { code: 'SUBSCRIPTION_LAGGING', lastCursor: 1 } }],
    });
    expect(await subject.next()).toEqual({ done: true, value: undefined });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('memory stays bounded whatever the producer does', () => {
    const subject = stream(50);
    for (let cursor = 1; cursor <= 100_000; cursor += 1) subject.push(item(cursor));
    expect(subject.queued).toBeLessThanOrEqual(50);
  });

  it('return() ends a pending pull at once and reports the close once', async () => {
    const onClose = jest.fn();
    const subject = stream(5, onClose);
    const pending = subject.next();
    await subject.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(subject.push(item(1))).toBe(false);
    await subject.return();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('finish() delivers what is queued, then the final result, then ends', async () => {
    const subject = stream(5);
    subject.push(item(1));
    subject.finish({ errors: [{ message: 'gone', extensions: { code: 'NOT_FOUND' } }] });
    expect(subject.push(item(2))).toBe(false);
    expect((await subject.next()).value).toEqual(item(1).result);
    expect((await subject.next()).value).toEqual({
      errors: [{ message: 'gone', extensions: { code: 'NOT_FOUND' } }],
    });
    expect((await subject.next()).done).toBe(true);
  });

  it('waitForRoom() resolves once the reader has drained half the buffer', async () => {
    const subject = stream(4);
    for (let cursor = 1; cursor <= 4; cursor += 1) subject.push(item(cursor));
    let released = false;
    const waiting = subject.waitForRoom().then(() => {
      released = true;
    });
    await subject.next();
    await Promise.resolve();
    expect(released).toBe(false);
    await subject.next();
    await waiting;
    expect(released).toBe(true);
  });
});
