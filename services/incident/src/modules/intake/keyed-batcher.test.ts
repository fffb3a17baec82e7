import { type BatchHandler, KeyedBatcher } from './keyed-batcher';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A handler recording its batches, answering `item:key`; with `hold`, its first batch waits for release. */
function recorder(options: { hold?: boolean } = {}) {
  const batches: string[][] = [];
  const log: string[] = [];
  let release: () => void = () => undefined;
  let held = options.hold ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const handle: BatchHandler<string, string> = async (key, items) => {
    batches.push(items);
    log.push(`start ${key} ${items.join(',')}`);
    const wait = held;
    held = Promise.resolve();
    await wait;
    log.push(`end ${key} ${items.join(',')}`);
    return items.map((item) =>
      item.startsWith('bad')
        ? { status: 'rejected', reason: new Error(item) }
        : { status: 'fulfilled', value: `${item}:${key}` },
    );
  };
  return { handle, batches, log, release: () => release() };
}

describe('KeyedBatcher', () => {
  it('gives the items of one tick one batch, and each caller its own result', async () => {
    const { handle, batches } = recorder();
    const batcher = new KeyedBatcher(handle, 100);
    const results = await Promise.all(['a1', 'a2', 'a3'].map((item) => batcher.submit('a', item)));
    expect(results).toEqual(['a1:a', 'a2:a', 'a3:a']);
    expect(batches).toEqual([['a1', 'a2', 'a3']]);
  });

  it('queues the items that arrive while a batch of their key runs, for the next batch, in order', async () => {
    const { handle, batches, log, release } = recorder({ hold: true });
    const batcher = new KeyedBatcher(handle, 100);
    const first = batcher.submit('a', 'a1');
    await tick(); // a1's batch has started and waits
    const queued = ['a2', 'a3', 'a4'].map((item) => batcher.submit('a', item));
    const other = batcher.submit('b', 'b1');
    await expect(other).resolves.toBe('b1:b'); // another key is not held up
    release();
    await expect(Promise.all([first, ...queued])).resolves.toEqual(['a1:a', 'a2:a', 'a3:a', 'a4:a']);
    expect(batches).toEqual([['a1'], ['b1'], ['a2', 'a3', 'a4']]);
    expect(log.indexOf('start a a2,a3,a4')).toBeGreaterThan(log.indexOf('end a a1'));
  });

  it('never hands over more than maxBatch items at once', async () => {
    const { handle, batches } = recorder();
    const batcher = new KeyedBatcher(handle, 2);
    const items = ['a1', 'a2', 'a3', 'a4', 'a5'];
    await Promise.all(items.map((item) => batcher.submit('a', item)));
    expect(batches).toEqual([['a1', 'a2'], ['a3', 'a4'], ['a5']]);
  });

  it('fails only the items the handler failed, goes on after a thrown batch, and forgets idle keys', async () => {
    const { handle } = recorder();
    let throwNext = true;
    const batcher = new KeyedBatcher<string, string>((key, items) => {
      if (!throwNext) return handle(key, items);
      throwNext = false;
      return Promise.reject(new Error('connection lost'));
    }, 100);
    const lost = Promise.allSettled(['a1', 'a2'].map((item) => batcher.submit('a', item)));
    expect((await lost).map((result) => result.status)).toEqual(['rejected', 'rejected']);

    const mixed = await Promise.allSettled(['a3', 'bad4', 'a5'].map((item) => batcher.submit('a', item)));
    expect(mixed).toEqual([
      { status: 'fulfilled', value: 'a3:a' },
      { status: 'rejected', reason: new Error('bad4') },
      { status: 'fulfilled', value: 'a5:a' },
    ]);
    expect(batcher.size).toBe(0);
  });

  it('refuses a batch size below one', () => {
    expect(() => new KeyedBatcher(recorder().handle, 0)).toThrow('maxBatch');
  });
});
