import type { z } from 'zod';

export interface EventDefinition<
  TType extends string = string,
  TVersion extends number = number,
  TSchema extends z.ZodType = z.ZodType,
> {
  /** Dotted name without version, e.g. `incident.created`. */
  readonly type: TType;
  readonly version: TVersion;
  /** Subject relative to the deployment's prefix: `<type>.v<version>`. */
  readonly subject: `${TType}.v${TVersion}`;
  readonly aggregateType: string;
  readonly description: string;
  readonly data: TSchema;
  readonly example: z.output<TSchema>;
}

/**
 * Declares an event once. A breaking change to `data` is a new version (a new definition beside the
 * old one), never an edit: consumers of v1 keep working while producers migrate.
 */
export function defineEvent<TType extends string, TVersion extends number, TSchema extends z.ZodType>(
  definition: Omit<EventDefinition<TType, TVersion, TSchema>, 'subject'>,
): EventDefinition<TType, TVersion, TSchema> {
  return { ...definition, subject: `${definition.type}.v${definition.version}` };
}

export type EventData<TDef> = TDef extends EventDefinition<string, number, infer S> ? z.output<S> : never;
