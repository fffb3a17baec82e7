import { type ServiceEnv, parseEnv, recordNumberPrefix, serviceEnv } from '@mim/config';
import { z } from 'zod';

const schema = serviceEnv(4003, {
  /** Change requests are numbered CHG-000001 onwards; the prefix is configurable per installation. */
  CHANGE_NUMBER_PREFIX: recordNumberPrefix('CHG'),
  /**
   * The change advisory board's quorum: how many distinct approvers must approve a NORMAL change, a
   * change manager among them (their approval counts towards it). Fixed on each change when it is
   * submitted. Emergency changes always need two: a change manager plus one other approver.
   */
  CHANGE_CAB_QUORUM: z.coerce.number().int().min(1).max(20).default(2),
});

export type ChangeEnv = ServiceEnv & z.output<typeof schema>;

/** The only place this service reads process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): ChangeEnv {
  return parseEnv(schema, source);
}
