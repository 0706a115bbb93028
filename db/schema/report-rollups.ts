import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/*
 * The reports' rollups, kept exact by statement-level triggers on events, replies, tickets and
 * satisfaction_ratings in the same transaction as every write: migration
 * 0013_report_rollups_triggers holds the triggers and says what each row is made of. Per-ticket
 * facts are extracted once from the events' JSON; per-day sums make a year a few thousand rows.
 * lib/reports/period.ts says how a period reads them.
 */

const at = () => timestamp({ withTimezone: true });
const counter = () => bigint({ mode: 'number' }).notNull().default(0);
const seconds = () => numeric().notNull().default('0');

/**
 * What makes an agent have handled a ticket: a ticket.assigned event naming them (kind
 * `assigned`, source_id the event) or a reply they wrote (kind `reply`, source_id the reply).
 * `prev_at` is the time of the agent's previous handling of the same ticket (null for the first),
 * so "distinct tickets handled in [start, end]" counts each ticket's first handling in the period:
 * prev_at null, or prev_at < start.
 */
export const reportActivities = pgTable(
  'report_activities',
  {
    kind: text().$type<'assigned' | 'reply'>().notNull(),
    sourceId: bigint({ mode: 'number' }).notNull(),
    agentId: integer().notNull(),
    ticketId: integer().notNull(),
    at: at().notNull(),
    // An assignment, or a reply written as an agent: what tickets_handled counts.
    handles: boolean().notNull(),
    publicReply: boolean().notNull(),
    prevAt: at(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.sourceId] }),
    index().on(t.agentId, t.at),
    index().on(t.ticketId, t.agentId),
    index('report_activities_gap_idx').using('gist', sql`tstzrange(${t.prevAt}, ${t.at}, '(]')`).where(sql`${t.handles} and ${t.prevAt} is not null`),
  ],
);

/**
 * One row per ticket.resolved event. The reports count the last resolution of each ticket within
 * the period: with the time of the ticket's next resolution beside each (and of its next one
 * credited to the same agent), that is a range test instead of a sort.
 */
export const reportResolutions = pgTable(
  'report_resolutions',
  {
    eventId: bigint({ mode: 'number' }).primaryKey(),
    ticketId: integer().notNull(),
    // The assignee in the event's ticket, who gets the credit.
    agentId: integer(),
    resolvedAt: at().notNull(),
    // The ticket's creation time as the event recorded it.
    openedAt: at(),
    // Public agent replies on the ticket up to the resolution: one is a first-contact resolution.
    publicReplies: integer().notNull().default(0),
    prevAt: at(),
    nextAt: at(),
    prevSameAgentAt: at(),
    nextSameAgentAt: at(),
  },
  (t) => [
    index().on(t.ticketId),
    index().on(t.agentId, t.resolvedAt),
    index().on(t.resolvedAt),
    index('report_resolutions_superseded_idx').using('gist', sql`tstzrange(${t.resolvedAt}, ${t.nextAt}, '[)')`).where(sql`${t.nextAt} is not null`),
    index('report_resolutions_superseded_same_agent_idx')
      .using('gist', sql`tstzrange(${t.resolvedAt}, ${t.nextSameAgentAt}, '[)')`)
      .where(sql`${t.nextSameAgentAt} is not null`),
  ],
);

/** Each ticket's first public agent reply, and who wrote it. */
export const reportFirstResponses = pgTable(
  'report_first_responses',
  {
    ticketId: integer().primaryKey(),
    replyId: integer().notNull(),
    agentId: integer(),
    repliedAt: at().notNull(),
    ticketCreatedAt: at().notNull(),
  },
  (t) => [index().on(t.agentId, t.repliedAt), index().on(t.ticketCreatedAt)],
);

/** Satisfaction ratings by the time they were last given, for reading by time across agents. */
export const reportRatings = pgTable(
  'report_ratings',
  {
    ratingId: integer().primaryKey(),
    agentId: integer(),
    rating: integer().notNull(),
    ratedAt: at().notNull(),
  },
  (t) => [index().on(t.agentId, t.ratedAt), index().on(t.ratedAt)],
);

/** ticket.reopened events of assigned tickets, with the assignee out of the JSON. */
export const reportReopens = pgTable(
  'report_reopens',
  {
    eventId: bigint({ mode: 'number' }).primaryKey(),
    agentId: integer().notNull(),
    at: at().notNull(),
  },
  (t) => [index().on(t.agentId, t.at)],
);

/*
 * Per UTC day sums of the rows above. A key may have several rows: a writer adds its change to a
 * row of the key that no other transaction holds (SKIP LOCKED), else to a new one, so concurrent
 * writers never wait for each other and a key keeps about as many rows as it had concurrent
 * writers. Readers sum.
 */

/** Per agent and day: the additive part of each performance metric. */
export const reportAgentDays = pgTable(
  'report_agent_days',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    agentId: integer().notNull(),
    day: date().notNull(),
    // Tickets whose first handling by the agent falls on the day.
    handled: counter(),
    // Resolutions not followed by another of the same ticket credited to the same agent.
    resolved: counter(),
    // Tickets the agent resolved that day (a ticket resolved twice in a day counts once).
    dailyResolved: counter(),
    publicReplies: counter(),
    resolutionTimed: counter(),
    resolutionSeconds: seconds(),
    firstContact: counter(),
    responses: counter(),
    responseSeconds: seconds(),
    ratings: counter(),
    ratingSum: counter(),
    reopened: counter(),
  },
  (t) => [index().on(t.agentId, t.day)],
);

/** Per day, for the team: tickets created, tickets resolved (each once a day), ratings. */
export const reportTeamDays = pgTable(
  'report_team_days',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    day: date().notNull(),
    created: counter(),
    resolved: counter(),
    ratings: counter(),
    ratingSum: counter(),
  },
  (t) => [index().on(t.day)],
);

/**
 * Per day and duration bucket (report_duration_bucket() in the migration): first responses by the
 * day their ticket was created, and resolutions not followed by another of the same ticket.
 */
export const reportDurationDays = pgTable(
  'report_duration_days',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    day: date().notNull(),
    bucket: smallint().notNull(),
    firstResponses: counter(),
    resolutions: counter(),
  },
  (t) => [index().on(t.day, t.bucket)],
);
