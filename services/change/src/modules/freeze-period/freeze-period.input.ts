import { z } from 'zod';
import { isValidWindow } from '../change-request/planned-window';
import { expectedVersion, idArg, nameList, requiredText } from '../../validation';

const services = nameList(100);

export const createFreezePeriodInput = z
  .object({
    name: requiredText(200),
    start: z.date(),
    end: z.date(),
    services: services.nullish().transform((names) => names ?? []),
  })
  .refine((input) => isValidWindow(input.start, input.end), {
    path: ['end'],
    message: 'must be after start',
  });
export type CreateFreezePeriodInput = z.output<typeof createFreezePeriodInput>;

/** Null or absent fields keep their value; `services: []` means every service. */
export const updateFreezePeriodInput = z.object({
  id: idArg,
  expectedVersion,
  name: requiredText(200).nullish(),
  start: z.date().nullish(),
  end: z.date().nullish(),
  services: services.nullish(),
});

export const deleteFreezePeriodArgs = z.object({ id: idArg, expectedVersion });

export const freezePeriodListArgs = z
  .object({ from: z.date().nullish(), to: z.date().nullish() })
  .refine((args) => !args.from || !args.to || isValidWindow(args.from, args.to), {
    path: ['to'],
    message: 'must be after from',
  });
