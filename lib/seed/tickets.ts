import { sql, type SQL } from 'drizzle-orm';
import { customerOf } from './customers';
import type { Desk, SeedRun } from './run';
import { bucketBounds, floatArray, intArray, isoAt, textArray, timeAt, unit } from './sql';
import { APP_VERSIONS, CATEGORIES, DEPARTMENTS, GENERAL_TAGS, PLAN_SHARES, TOPICS } from './topics';
import * as words from './vocabulary';

/**
 * One batch of tickets (ordinals first .. first + times.length - 1, arriving at `times`) with their
 * replies, domain events and ratings, as one statement: everything is drawn inside PostgreSQL from
 * hashes of the ordinals (sql.ts unit), so a batch is the same desk whenever and however often it
 * is written, and nothing of it passes through Node but the arrival times.
 *
 * A ticket's life: created at c; assigned (to an agent of its topic's department) before the first
 * reply; first public agent reply 10 minutes to 2 days later, skewed short; 1–8 replies in all,
 * customers and agents taking turns, some internal notes; then either still waiting (recent
 * tickets, and a few old ones) or resolved with a closing reply, a few reopened once on the way,
 * most closed three days after resolution; a third of the resolved ones rated, mostly 4–5.
 */

const DAY = 86_400;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const PRIORITY_SHARES = [15, 62, 18, 5];
/** Due dates, where a ticket has one: the SLA of its priority (seconds after creation). */
const SLA = [7 * DAY, 3 * DAY, DAY, 4 * 3600];
const REPLY_COUNT_SHARES = [14, 24, 20, 14, 10, 8, 6, 4];
const RATING_SHARES = [5, 5, 10, 25, 55];
const GENERAL_TAG_WEIGHTS = GENERAL_TAGS.map(([, share]) => share);

/** Every decision has its own salt, so no two are correlated. Replies use 40 and up. */
const S = {
  topic: 1,
  priority: 2,
  replyCount: 3,
  open: 4,
  reopen: 5,
  firstWait: 6,
  resolveAfter: 7,
  closes: 8,
  assigned: 9,
  customer: 10,
  agent: 11,
  colleague: 12,
  subject: 13,
  description: 14,
  device: 15,
  term: 16,
  secondTag: 17,
  generalTag: 18,
  whichGeneralTag: 19,
  hasPlan: 20,
  plan: 21,
  hasVersion: 22,
  version: 23,
  hasAffected: 24,
  affected: 25,
  due: 26,
  openStatus: 27,
  openSpan: 28,
  assignedAt: 29,
  closedAt: 30,
  rated: 31,
  rating: 32,
  hasComment: 33,
  comment: 34,
  ratedAfter: 35,
  replyRole: 40,
  replyAt: 41,
  replyTemplate: 42,
  replyColleague: 43,
  replyDevice: 44,
  replyTerm: 45,
} as const;

/** Flattens per-topic lists into one array with each topic's 1-based start and length. */
function perTopic(lists: readonly (readonly string[])[]) {
  const from: number[] = [];
  let next = 1;
  for (const list of lists) {
    from.push(next);
    next += list.length;
  }
  return { all: lists.flat(), from, count: lists.map((l) => l.length) };
}

/** Agents by department (1-based positions into the team); a department nobody works in borrows everyone. */
function agentsByDepartment(desk: Desk) {
  const everyone = desk.team.map((_, k) => k + 1);
  return perTopic(
    DEPARTMENTS.map((_, d) => {
      const own = desk.team.flatMap((a, k) => (a.department === d ? [String(k + 1)] : []));
      return own.length > 0 ? own : everyone.map(String);
    }),
  );
}

/** The one-row `v` relation: every list the batch draws from, as arrays. */
function vocabulary(desk: Desk): SQL {
  const subjects = perTopic(TOPICS.map((t) => t.subjects));
  const descriptions = perTopic(TOPICS.map((t) => t.descriptions));
  const staff = agentsByDepartment(desk);
  const columns: [string, SQL][] = [
    ['topic_bounds', floatArray(bucketBounds(TOPICS.map((t) => t.share)))],
    ['topic_department', intArray(TOPICS.map((t) => DEPARTMENTS.findIndex((d) => d.name === t.department) + 1))],
    ['topic_category', intArray(TOPICS.map((t) => CATEGORIES.findIndex((c) => c.name === t.category) + 1))],
    ['topic_phrase', textArray(TOPICS.map((t) => t.phrase))],
    ['topic_tag1', textArray(TOPICS.map((t) => t.tags[0]))],
    ['topic_tag2', textArray(TOPICS.map((t) => t.tags[1]))],
    ['subjects', textArray(subjects.all)],
    ['subject_from', intArray(subjects.from)],
    ['subject_count', intArray(subjects.count)],
    ['descriptions', textArray(descriptions.all)],
    ['description_from', intArray(descriptions.from)],
    ['description_count', intArray(descriptions.count)],
    ['priority_bounds', floatArray(bucketBounds(PRIORITY_SHARES))],
    ['priorities', textArray(PRIORITIES)],
    ['sla', intArray(SLA)],
    ['reply_count_bounds', floatArray(bucketBounds(REPLY_COUNT_SHARES))],
    ['devices', textArray(words.DEVICES)],
    ['device_bounds', floatArray(bucketBounds(words.zipfWeights(words.DEVICES.length, 1)))],
    ['terms', textArray(words.TERMS)],
    ['term_bounds', floatArray(bucketBounds(words.zipfWeights(words.TERMS.length, words.TERM_EXPONENT)))],
    ['general_tags', textArray(GENERAL_TAGS.map(([tag]) => tag))],
    ['general_tag_bounds', floatArray(bucketBounds(GENERAL_TAG_WEIGHTS))],
    ['plans', textArray(['Free', 'Starter', 'Pro', 'Enterprise'])],
    ['plan_bounds', floatArray(bucketBounds(PLAN_SHARES))],
    ['versions', textArray(APP_VERSIONS)],
    ['version_bounds', floatArray(bucketBounds(words.zipfWeights(APP_VERSIONS.length, 1)))],
    ['department_ids', intArray(desk.departments.map((d) => d.id))],
    ['department_names', textArray(desk.departments.map((d) => d.name))],
    ['category_ids', intArray(desk.categories.map((c) => c.id))],
    ['category_names', textArray(desk.categories.map((c) => c.name))],
    ['agent_ids', intArray(desk.team.map((a) => a.id))],
    ['agent_names', textArray(desk.team.map((a) => a.name))],
    ['agent_first_names', textArray(desk.team.map((a) => a.firstName))],
    ['agent_emails', textArray(desk.team.map((a) => a.email))],
    ['staff', intArray(staff.all.map(Number))],
    ['staff_from', intArray(staff.from)],
    ['staff_count', intArray(staff.count)],
    ['first_responses', textArray(words.FIRST_RESPONSES)],
    ['follow_ups', textArray(words.AGENT_FOLLOW_UPS)],
    ['resolutions', textArray(words.RESOLUTIONS)],
    ['internal_notes', textArray(words.INTERNAL_NOTES)],
    ['customer_replies', textArray(words.CUSTOMER_REPLIES)],
    ['rating_bounds', floatArray(bucketBounds(RATING_SHARES))],
    ['praise', textArray(words.PRAISE)],
    ['mixed_feedback', textArray(words.MIXED_FEEDBACK)],
    ['complaints', textArray(words.COMPLAINTS)],
  ];
  return sql.join(
    columns.map(([name, value]) => sql`${value} as ${sql.identifier(name)}`),
    sql`, `,
  );
}

/** The departments whose tickets carry the app version they are about. */
const VERSIONED_DEPARTMENTS = ['Technical Support', 'Integrations'].map((name) => DEPARTMENTS.findIndex((d) => d.name === name) + 1);

/** An item of `list` (a v column) drawn uniformly with u. */
const pick = (list: string, u: SQL) => sql`v.${sql.identifier(list)}[1 + floor(${u} * cardinality(v.${sql.identifier(list)}))::int]`;
/** An item of `list` drawn with the weights behind `bounds`. */
const draw = (list: string, bounds: string, u: SQL) => sql`v.${sql.identifier(list)}[width_bucket(${u}, v.${sql.identifier(bounds)}) + 1]`;
/**
 * Ticket k's number: reserved from ticket_number_seq like next_ticket_number() (first migration)
 * takes them, with the year the ticket was created in, as it would have had.
 */
function ticketNumber(run: SeedRun, k: SQL, created: SQL): SQL {
  const n = sql`(${run.ticketNumberBase} + ${k})::text`;
  return sql`'TKT-' || to_char(to_timestamp(${created}) at time zone 'UTC', 'YYYY') || '-' || lpad(${n}, greatest(6, length(${n})), '0')`;
}

/** An agent of department `d` (1-based positions into the agent_* columns). */
const staffOf = (d: SQL, u: SQL) => sql`v.staff[v.staff_from[${d}] + floor(${u} * v.staff_count[${d}])::int]`;

export function ticketBatch(run: SeedRun, desk: Desk, first: number, times: number[]): SQL {
  const i = sql`g.i`;
  const u = (salt: number) => unit(i, salt);
  const t = sql`t.i`;
  const ut = (salt: number) => unit(t, salt);
  const key = sql`r.key`;
  const ur = (salt: number) => unit(key, salt);
  const end = run.end;
  const age = sql`(${end} - g.c)`;

  const agentJson = (position: SQL) =>
    sql`jsonb_build_object('id', v.agent_ids[${position}], 'name', v.agent_names[${position}], 'email', v.agent_emails[${position}])`;

  return sql`
    with v as (select ${vocabulary(desk)}),
    g as (
      select ${first}::bigint + x.k - 1 as i, x.c
        from unnest(${floatArray(times)}) with ordinality as x(c, k)
    ),
    t as (
      select g.i, ${run.ticketBase} + g.i as id, ${ticketNumber(run, sql`g.i`, sql`g.c`)} as number, g.c, a.*, b.*, d.*, e.*,
             cu.id as customer_id, cu.first_name as customer_first_name,
             jsonb_build_object('id', cu.id, 'name', trim(cu.first_name || ' ' || cu.last_name), 'email', cu.email, 'organization', cu.organization) as customer_json
        from g cross join v
        cross join lateral (
          select width_bucket(${u(S.topic)}, v.topic_bounds) + 1 as topic,
                 width_bucket(${u(S.priority)}, v.priority_bounds) + 1 as priority,
                 width_bucket(${u(S.replyCount)}, v.reply_count_bounds) + 1 as replies,
                 -- Waiting: nearly all of the last few days' tickets, and a few old ones nobody closed.
                 ${u(S.open)} < (case when ${age} < 3600 then 1 else 0.9 * exp(-${age} / ${sql.raw(String(2.5 * DAY))}) end) + 0.004 as waiting,
                 600 + ${2 * DAY - 600} * power(${u(S.firstWait)}, 4) as first_wait,
                 1800 + ${10 * DAY} * power(${u(S.resolveAfter)}, 3) as resolve_after,
                 ${customerOf(run, sql`g.c`, u(S.customer))} as customer
        ) a
        cross join lateral (
          select v.topic_department[a.topic] as department,
                 nullif(v.topic_category[a.topic], 0) as category,
                 g.c + case when a.waiting then greatest(1, floor(${age} * (0.3 + 0.65 * ${u(S.openSpan)})))
                            else floor(least(a.resolve_after, 0.95 * ${age})) end as last_activity,
                 not a.waiting or ${u(S.assigned)} < 0.75 as assigned,
                 not a.waiting and ${u(S.reopen)} < 0.04 as reopened
        ) b
        cross join lateral (
          select g.c + greatest(1, floor(least(a.first_wait, 0.5 * (b.last_activity - g.c)))) as first_reply,
                 ${staffOf(sql`b.department`, u(S.agent))} as agent,
                 ${staffOf(sql`b.department`, u(S.colleague))} as colleague,
                 case when not a.waiting then b.last_activity end as resolved_at,
                 case when not a.waiting and ${u(S.closes)} < 0.65 and b.last_activity + ${3 * DAY + 3600} < ${end}
                      then b.last_activity + ${3 * DAY} + floor(3600 * ${u(S.closedAt)}) end as closed_at
        ) d
        cross join lateral (
          select case when b.assigned then g.c + floor((d.first_reply - g.c) * (0.2 + 0.6 * ${u(S.assignedAt)})) end as assigned_at,
                 case when a.waiting then (case when ${u(S.openStatus)} < 0.55 then 'open' when ${u(S.openStatus)} < 0.85 then 'pending' else 'on_hold' end)
                      when d.closed_at is not null then 'closed' else 'resolved' end as status,
                 case when ${u(S.due)} < 0.3 then g.c + v.sla[a.priority] end as due,
                 v.subjects[v.subject_from[a.topic] + floor(${u(S.subject)} * v.subject_count[a.topic])::int] as subject,
                 replace(replace(v.descriptions[v.description_from[a.topic] + floor(${u(S.description)} * v.description_count[a.topic])::int],
                                 '{device}', ${draw('devices', 'device_bounds', u(S.device))}),
                         '{term}', ${draw('terms', 'term_bounds', u(S.term))}) as description,
                 array_remove(array[v.topic_tag1[a.topic],
                                    case when ${u(S.secondTag)} < 0.5 then v.topic_tag2[a.topic] end,
                                    case when ${u(S.generalTag)} < 0.3 then ${draw('general_tags', 'general_tag_bounds', u(S.whichGeneralTag))} end], null) as tags,
                 jsonb_strip_nulls(jsonb_build_object(
                   'plan', case when ${u(S.hasPlan)} < 0.85 then ${draw('plans', 'plan_bounds', u(S.plan))} end,
                   'app_version', case when b.department in (${sql.join(
                     VERSIONED_DEPARTMENTS.map((d) => sql.raw(String(d))),
                     sql`, `,
                   )})
                                        and ${u(S.hasVersion)} < 0.6 then ${draw('versions', 'version_bounds', u(S.version))} end,
                   'affected_users', case when ${u(S.hasAffected)} < 0.2 then 1 + floor(500 * power(${u(S.affected)}, 3))::int end)) as custom_fields
        ) e
        join customers cu on cu.id = ${run.customerBase} + a.customer
    ),
    r as (
      select t.i, r.k, x.at, x.role, t.customer_id,
             case when x.role = 'customer' then null
                  when x.role = 'internal' and ${ur(S.replyColleague)} < 0.3 then t.colleague else t.agent end as writer,
             replace(replace(replace(replace(replace(
               case x.role when 'first' then ${pick('first_responses', ur(S.replyTemplate))}
                           when 'follow_up' then ${pick('follow_ups', ur(S.replyTemplate))}
                           when 'resolution' then ${pick('resolutions', ur(S.replyTemplate))}
                           when 'internal' then ${pick('internal_notes', ur(S.replyTemplate))}
                           else ${pick('customer_replies', ur(S.replyTemplate))} end,
               '{name}', t.customer_first_name),
               '{agent}', v.agent_first_names[case when x.role = 'internal' then t.colleague else t.agent end]),
               '{topic}', v.topic_phrase[t.topic]),
               '{device}', ${draw('devices', 'device_bounds', ur(S.replyDevice))}),
               '{term}', ${draw('terms', 'term_bounds', ur(S.replyTerm))}) as content
        from t cross join v
        cross join lateral (select k, t.i * 8 + k as key from generate_series(1, t.replies) as k) r
        cross join lateral (
          select case when r.k = 1 then (case when ${ur(S.replyRole)} < 0.9 then 'first' else 'customer' end)
                      when r.k = t.replies and not t.waiting then 'resolution'
                      when ${ur(S.replyRole)} < 0.45 then 'customer'
                      when ${ur(S.replyRole)} < 0.78 then 'follow_up' else 'internal' end as role,
                 -- Between the first reply and the last activity, strictly increasing (+ k - 1 seconds).
                 case when r.k = 1 then t.first_reply
                      else t.first_reply + floor(greatest(0, t.last_activity - t.first_reply - 8) * (r.k - 1 + 0.9 * ${ur(S.replyAt)}) / t.replies) + r.k - 1
                 end as at
        ) x
    ),
    thread as (
      select i, string_agg(' ' || content, '' order by k) as replies_text, max(at) as last_reply from r group by i
    ),
    new_tickets as (
      insert into tickets (id, number, subject, description, status, priority, customer_id, department_id, category_id, assigned_agent_id,
                           due_date, custom_fields, tags, resolved_at, closed_at, reopen_count, created_at, updated_at)
      select t.id, t.number, t.subject, t.description, t.status::ticket_status, v.priorities[t.priority]::ticket_priority, t.customer_id,
             v.department_ids[t.department], v.category_ids[t.category], case when t.assigned then v.agent_ids[t.agent] end,
             ${timeAt(sql`t.due`)}, t.custom_fields, t.tags, ${timeAt(sql`t.resolved_at`)}, ${timeAt(sql`t.closed_at`)},
             case when t.reopened then 1 else 0 end, ${timeAt(sql`t.c`)},
             ${timeAt(sql`greatest(thread.last_reply, t.resolved_at, t.closed_at)`)}
        from t cross join v join thread using (i)
       order by t.i
      returning 1
    ),
    -- Data-modifying CTEs run whether or not the query reads them.
    new_search as (
      insert into ticket_search (ticket_id, search_vector)
      select t.id, ticket_search_vector(t.subject, t.description, thread.replies_text) from t join thread using (i)
    ),
    new_replies as (
      insert into replies (ticket_id, content, type, author_type, agent_id, customer_id, created_at, updated_at)
      -- In ticket and reply order, as r was generated: ids follow each thread.
      select ${run.ticketBase} + r.i, r.content, (case when r.role = 'internal' then 'internal' else 'public' end)::reply_type,
             (case when r.role = 'customer' then 'customer' else 'agent' end)::author_type, v.agent_ids[r.writer],
             case when r.role = 'customer' then r.customer_id end, ${timeAt(sql`r.at`)}, ${timeAt(sql`r.at`)}
        from r cross join v
      returning 1
    ),
    new_events as (
      insert into events (type, resource_type, resource_id, actor, payload, created_at)
      select e.type, 'ticket', t.id,
             case when e.type = 'ticket.resolved' then jsonb_build_object('type', 'agent', 'id', v.agent_ids[t.agent])
                  else '{"type": "system", "id": null}'::jsonb end,
             -- The ticket as GET /tickets/{id} showed it right after the event, without its replies.
             jsonb_build_object('ticket', t.json || jsonb_build_object(
               'status', e.status, 'updated_at', ${isoAt(sql`e.at`)}, 'resolved_at', ${isoAt(sql`e.resolved`)},
               'closed_at', ${isoAt(sql`e.closed`)}, 'reopen_count', e.reopens,
               'assigned_agent', case when e.seq > 1 and t.assigned then t.agent_json end)),
             ${timeAt(sql`e.at`)}
        from (
          select t.*,
                 jsonb_build_object(
                   'id', t.id, 'number', t.number, 'subject', t.subject, 'description', t.description, 'priority', v.priorities[t.priority],
                   'created_at', ${isoAt(sql`t.c`)}, 'due_date', ${isoAt(sql`t.due`)}, 'customer', t.customer_json,
                   'department', jsonb_build_object('id', v.department_ids[t.department], 'name', v.department_names[t.department]),
                   'category', case when t.category is not null then jsonb_build_object('id', v.category_ids[t.category], 'name', v.category_names[t.category]) end,
                   'custom_fields', t.custom_fields, 'tags', to_jsonb(t.tags), 'attachments', '[]'::jsonb,
                   'description_html', null::text, 'channel', 'api', 'cc', '[]'::jsonb, 'merged_into', null::jsonb, 'sla', null::jsonb) as json,
                 ${agentJson(sql`t.agent`)} as agent_json,
                 -- A reopened ticket was resolved once halfway, and reopened soon after.
                 t.first_reply + floor((t.resolved_at - t.first_reply) * 0.45) as first_resolved,
                 t.first_reply + floor((t.resolved_at - t.first_reply) * 0.55) as reopened_at
            from t cross join v
        ) t
        cross join v
        cross join lateral (values
          (1, 'ticket.created', 'open', t.c, null::float8, null::float8, 0),
          (2, case when t.assigned then 'ticket.assigned' end, 'open', t.assigned_at, null, null, 0),
          (3, case when t.reopened then 'ticket.resolved' end, 'resolved', t.first_resolved, t.first_resolved, null, 0),
          (4, case when t.reopened then 'ticket.reopened' end, 'open', t.reopened_at, null, null, 1),
          (5, case when not t.waiting then 'ticket.resolved' end, 'resolved', t.resolved_at, t.resolved_at, null, t.reopened::int),
          (6, case when t.closed_at is not null then 'ticket.closed' end, 'closed', t.closed_at, t.resolved_at, t.closed_at, t.reopened::int)
        ) as e(seq, type, status, at, resolved, closed, reopens)
       -- Each ticket's events come in seq order from its lateral row: ids follow each ticket's history.
       where e.type is not null
      returning 1
    ),
    new_ratings as (
      insert into satisfaction_ratings (ticket_id, rating, comment, agent_id, created_at, updated_at)
      select t.id, x.rating,
             case when ${ut(S.hasComment)} < 0.3 then
               case when x.rating >= 4 then ${pick('praise', ut(S.comment))}
                    when x.rating = 3 then ${pick('mixed_feedback', ut(S.comment))}
                    else ${pick('complaints', ut(S.comment))} end end,
             v.agent_ids[t.agent], ${timeAt(sql`x.at`)}, ${timeAt(sql`x.at`)}
        from t cross join v
        cross join lateral (
          select width_bucket(${ut(S.rating)}, v.rating_bounds) + 1 as rating,
                 t.resolved_at + 3600 + floor(${2 * DAY} * power(${ut(S.ratedAfter)}, 2)) as at
        ) x
       where not t.waiting and ${ut(S.rated)} < 0.35 and x.at < ${end}
       order by t.i
      returning 1
    )
    select (select count(*) from new_tickets)::int as tickets, (select count(*) from new_replies)::int as replies,
           (select count(*) from new_events)::int as events, (select count(*) from new_ratings)::int as ratings`;
}
