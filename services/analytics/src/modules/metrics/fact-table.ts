import {
  type IncidentStatus,
  type IntakeChannel,
  type Priority,
  type SupportTier,
  incidentStatusSchema,
  intakeChannelSchema,
  prioritySchema,
  supportTierSchema,
} from '@mim/contracts';
import { MonthlyRollup } from './monthly-rollup';
import { downtimeSecondsOf } from './metrics.domain';

/**
 * One incident's facts as the store holds them: instants in epoch milliseconds (null when unknown), the
 * dimensions as their values. The same content as a row of `incident_metrics`, without the versions.
 */
export interface FactRecord {
  incidentId: string;
  kind: 'INCIDENT' | 'SERVICE_REQUEST' | null;
  status: IncidentStatus | null;
  priority: Priority | null;
  channel: IntakeChannel | null;
  category: string | null;
  supportTier: SupportTier | null;
  team: string | null;
  affectedServices: readonly string[];
  major: boolean;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  reportedAt: number | null;
  failureStartedAt: number | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  serviceRestoredAt: number | null;
}

/** Fixed vocabularies: code 0 is "unknown", code i + 1 is `values[i]`. */
export const priorityValues = prioritySchema.options;
export const channelValues = intakeChannelSchema.options;
export const tierValues = supportTierSchema.options;
export const statusValues = incidentStatusSchema.options;

export const KIND_INCIDENT = 1;
export const KIND_SERVICE_REQUEST = 2;
export const STATUS_CANCELLED = statusValues.indexOf('CANCELLED') + 1;
export const FLAG_MAJOR = 1;
export const FLAG_FIRST_RESPONSE_BREACHED = 2;
export const FLAG_RESOLUTION_BREACHED = 4;

/** Open-ended values (categories, teams, services) as small integers; code 0 is "none". */
export class Dictionary {
  private readonly codes = new Map<string, number>();
  /** `values[code]`; `values[0]` is null (none). */
  readonly values: Array<string | null> = [null];

  codeOf(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The code of a value already held, else -1 (never adds). */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * What the query engine reads: one entry per incident across parallel typed arrays (index 0..size-1).
 * Instants are epoch milliseconds, NaN when unknown. An incident's services are
 * `serviceCodes[serviceOffset[i] .. serviceOffset[i] + serviceCount[i]]`.
 */
export interface FactColumns {
  readonly size: number;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  readonly priority: Uint8Array;
  readonly channel: Uint8Array;
  readonly tier: Uint8Array;
  readonly category: Uint32Array;
  readonly team: Uint32Array;
  /** FLAG_MAJOR | FLAG_FIRST_RESPONSE_BREACHED | FLAG_RESOLUTION_BREACHED. */
  readonly flags: Uint8Array;
  readonly reportedAt: Float64Array;
  readonly failureStartedAt: Float64Array;
  readonly acknowledgedAt: Float64Array;
  readonly resolvedAt: Float64Array;
  readonly serviceRestoredAt: Float64Array;
  /** Derived on write, in seconds (NaN: unknown): acknowledged - reported, resolved - reported, reported - failure start, downtime. */
  readonly timeToAcknowledge: Float64Array;
  readonly timeToResolve: Float64Array;
  readonly timeToDetect: Float64Array;
  readonly downtime: Float64Array;
  readonly serviceOffset: Uint32Array;
  readonly serviceCount: Uint16Array;
  readonly serviceCodes: Uint32Array;
  readonly categories: Dictionary;
  readonly teams: Dictionary;
  readonly services: Dictionary;
  /** The population summed per month and service, kept in step with the columns. */
  readonly monthly: MonthlyRollup;
}

/**
 * Columnar, compact storage of every incident's facts (about 80 bytes each plus its services), upserted
 * in place by incident id. Pure: the fact store fills it from PostgreSQL, tests fill it directly.
 */
export class FactTable implements FactColumns {
  size = 0;
  kind: Uint8Array;
  status: Uint8Array;
  priority: Uint8Array;
  channel: Uint8Array;
  tier: Uint8Array;
  category: Uint32Array;
  team: Uint32Array;
  flags: Uint8Array;
  reportedAt: Float64Array;
  failureStartedAt: Float64Array;
  acknowledgedAt: Float64Array;
  resolvedAt: Float64Array;
  serviceRestoredAt: Float64Array;
  timeToAcknowledge: Float64Array;
  timeToResolve: Float64Array;
  timeToDetect: Float64Array;
  downtime: Float64Array;
  serviceOffset: Uint32Array;
  serviceCount: Uint16Array;
  serviceCodes: Uint32Array;
  /** Used length of `serviceCodes` (replaced lists leave holes until the next full load). */
  private serviceCodesUsed = 0;
  readonly categories = new Dictionary();
  readonly teams = new Dictionary();
  readonly services = new Dictionary();
  readonly monthly = new MonthlyRollup();
  private readonly indexById = new Map<string, number>();

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.kind = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.priority = new Uint8Array(n);
    this.channel = new Uint8Array(n);
    this.tier = new Uint8Array(n);
    this.category = new Uint32Array(n);
    this.team = new Uint32Array(n);
    this.flags = new Uint8Array(n);
    this.reportedAt = new Float64Array(n);
    this.failureStartedAt = new Float64Array(n);
    this.acknowledgedAt = new Float64Array(n);
    this.resolvedAt = new Float64Array(n);
    this.serviceRestoredAt = new Float64Array(n);
    this.timeToAcknowledge = new Float64Array(n);
    this.timeToResolve = new Float64Array(n);
    this.timeToDetect = new Float64Array(n);
    this.downtime = new Float64Array(n);
    this.serviceOffset = new Uint32Array(n);
    this.serviceCount = new Uint16Array(n);
    this.serviceCodes = new Uint32Array(n * 2);
  }

  static of(records: Iterable<FactRecord>): FactTable {
    const table = new FactTable();
    for (const record of records) table.upsert(record);
    return table;
  }

  /** Inserts the incident's facts, or overwrites them where the incident is already held. */
  upsert(record: FactRecord): void {
    let i = this.indexById.get(record.incidentId);
    if (i === undefined) {
      if (this.size === this.kind.length) this.grow(this.size * 2);
      i = this.size;
      this.size += 1;
      this.indexById.set(record.incidentId, i);
      this.serviceCount[i] = 0;
    } else {
      this.monthly.remove(this, i);
    }
    this.kind[i] =
      record.kind === 'INCIDENT'
        ? KIND_INCIDENT
        : record.kind === 'SERVICE_REQUEST'
          ? KIND_SERVICE_REQUEST
          : 0;
    this.status[i] = record.status === null ? 0 : statusValues.indexOf(record.status) + 1;
    this.priority[i] = record.priority === null ? 0 : priorityValues.indexOf(record.priority) + 1;
    this.channel[i] = record.channel === null ? 0 : channelValues.indexOf(record.channel) + 1;
    this.tier[i] = record.supportTier === null ? 0 : tierValues.indexOf(record.supportTier) + 1;
    this.category[i] = this.categories.codeOf(record.category);
    this.team[i] = this.teams.codeOf(record.team);
    this.flags[i] =
      (record.major ? FLAG_MAJOR : 0) |
      (record.firstResponseBreached ? FLAG_FIRST_RESPONSE_BREACHED : 0) |
      (record.resolutionBreached ? FLAG_RESOLUTION_BREACHED : 0);
    this.reportedAt[i] = record.reportedAt ?? NaN;
    this.failureStartedAt[i] = record.failureStartedAt ?? NaN;
    this.acknowledgedAt[i] = record.acknowledgedAt ?? NaN;
    this.resolvedAt[i] = record.resolvedAt ?? NaN;
    this.serviceRestoredAt[i] = record.serviceRestoredAt ?? NaN;
    const reported = record.reportedAt ?? NaN;
    const failureStarted = record.failureStartedAt ?? NaN;
    const resolved = record.resolvedAt ?? NaN;
    this.timeToAcknowledge[i] = ((record.acknowledgedAt ?? NaN) - reported) / 1000;
    this.timeToResolve[i] = (resolved - reported) / 1000;
    this.timeToDetect[i] = (reported - failureStarted) / 1000;
    this.downtime[i] = downtimeSecondsOf(failureStarted, reported, record.serviceRestoredAt ?? NaN, resolved);
    this.setServices(i, record.affectedServices);
    this.monthly.add(this, i);
  }

  get(incidentId: string): number | undefined {
    return this.indexById.get(incidentId);
  }

  /** A list no longer than the current one is rewritten in place; a longer one is appended. */
  private setServices(i: number, names: readonly string[]): void {
    const unique = [...new Set(names)];
    if (unique.length > this.serviceCount[i]!) {
      if (this.serviceCodesUsed + unique.length > this.serviceCodes.length) {
        const codes = new Uint32Array(
          Math.max(this.serviceCodes.length * 2, this.serviceCodesUsed + unique.length),
        );
        codes.set(this.serviceCodes.subarray(0, this.serviceCodesUsed));
        this.serviceCodes = codes;
      }
      this.serviceOffset[i] = this.serviceCodesUsed;
      this.serviceCodesUsed += unique.length;
    }
    const offset = this.serviceOffset[i]!;
    unique.forEach((name, k) => {
      this.serviceCodes[offset + k] = this.services.codeOf(name);
    });
    this.serviceCount[i] = unique.length;
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
      array: T,
      make: (n: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.status = copy(this.status, (n) => new Uint8Array(n));
    this.priority = copy(this.priority, (n) => new Uint8Array(n));
    this.channel = copy(this.channel, (n) => new Uint8Array(n));
    this.tier = copy(this.tier, (n) => new Uint8Array(n));
    this.category = copy(this.category, (n) => new Uint32Array(n));
    this.team = copy(this.team, (n) => new Uint32Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.reportedAt = copy(this.reportedAt, (n) => new Float64Array(n));
    this.failureStartedAt = copy(this.failureStartedAt, (n) => new Float64Array(n));
    this.acknowledgedAt = copy(this.acknowledgedAt, (n) => new Float64Array(n));
    this.resolvedAt = copy(this.resolvedAt, (n) => new Float64Array(n));
    this.serviceRestoredAt = copy(this.serviceRestoredAt, (n) => new Float64Array(n));
    this.timeToAcknowledge = copy(this.timeToAcknowledge, (n) => new Float64Array(n));
    this.timeToResolve = copy(this.timeToResolve, (n) => new Float64Array(n));
    this.timeToDetect = copy(this.timeToDetect, (n) => new Float64Array(n));
    this.downtime = copy(this.downtime, (n) => new Float64Array(n));
    this.serviceOffset = copy(this.serviceOffset, (n) => new Uint32Array(n));
    this.serviceCount = copy(this.serviceCount, (n) => new Uint16Array(n));
  }
}
