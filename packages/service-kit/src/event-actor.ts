import type { Caller } from '@mim/auth';
import type { Actor } from '@mim/contracts';

export function eventActor(caller: Caller): Actor {
  return caller.subject.startsWith('system:')
    ? { kind: 'system', id: caller.subject.slice('system:'.length) }
    : { kind: 'user', id: caller.subject };
}
