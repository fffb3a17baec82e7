import type { RootCauseMethod } from '@mim/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** FIVE_WHYS: each answer prompts the next question. */
export interface WhyStep {
  question: string;
  answer: string;
}

/** FISHBONE (Ishikawa): a category of causes (people, process, technology, ...) and its causes. */
export interface FishboneCategory {
  name: string;
  causes: string[];
}

/** TIMELINE_ANALYSIS: what happened when (`at` an ISO-8601 instant). */
export interface TimelineAnalysisEvent {
  at: string;
  event: string;
}

/** The structure of the method used, as stored (jsonb); `method` repeats the column. */
export type RootCauseDetail =
  | { method: 'FIVE_WHYS'; whys: WhyStep[] }
  | { method: 'FISHBONE'; categories: FishboneCategory[] }
  | { method: 'TIMELINE_ANALYSIS'; events: TimelineAnalysisEvent[] };

/** The root-cause analysis of a problem: one per problem, replaced each time it is recorded. */
@Entity({ name: 'problem_root_cause_analysis' })
export class RootCauseAnalysis {
  @PrimaryColumn({ name: 'problem_id', type: 'uuid' })
  problemId!: string;

  @Column('text')
  method!: RootCauseMethod;

  @Column('jsonb')
  detail!: RootCauseDetail;

  @Column('text', { nullable: true })
  findings!: string | null;

  /** The root cause statement; null while the analysis is in progress. */
  @Column({ name: 'root_cause', type: 'text', nullable: true })
  rootCause!: string | null;

  @Column({ name: 'contributing_factors', type: 'text', array: true })
  contributingFactors!: string[];

  @Column({ name: 'recorded_by_id', type: 'text' })
  recordedById!: string;

  @Column({ name: 'recorded_by_name', type: 'text' })
  recordedByName!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
