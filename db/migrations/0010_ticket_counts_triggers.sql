-- Keeps ticket_counts exact: every statement that inserts, updates or deletes tickets adds its
-- net change per (status, priority, department, assignee) in the same transaction. Set-based, so a
-- 50,000-row insert costs one grouped upsert; rows are upserted in key order, so two writers
-- never lock the same rows in opposite orders.
CREATE FUNCTION ticket_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ticket_counts AS c (status, priority, department_id, assigned_agent_id, slot, n)
    SELECT status, priority, coalesce(department_id, 0), coalesce(assigned_agent_id, 0), pg_backend_pid() % 8, count(*)
      FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, priority, department_id, assigned_agent_id, slot) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO ticket_counts AS c (status, priority, department_id, assigned_agent_id, slot, n)
    SELECT status, priority, coalesce(department_id, 0), coalesce(assigned_agent_id, 0), pg_backend_pid() % 8, -count(*)
      FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, priority, department_id, assigned_agent_id, slot) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    -- Most updates (a reply's updated_at, a subject) move no ticket between combinations: the
    -- deltas cancel and nothing is written.
    INSERT INTO ticket_counts AS c (status, priority, department_id, assigned_agent_id, slot, n)
    SELECT status, priority, d, a, pg_backend_pid() % 8, sum(delta)
      FROM (
        SELECT status, priority, coalesce(department_id, 0) AS d, coalesce(assigned_agent_id, 0) AS a, 1 AS delta FROM new_rows
        UNION ALL
        SELECT status, priority, coalesce(department_id, 0), coalesce(assigned_agent_id, 0), -1 FROM old_rows
      ) changes
     GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, priority, department_id, assigned_agent_id, slot) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_counts_on_insert AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_add();
--> statement-breakpoint
CREATE TRIGGER ticket_counts_on_update AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_add();
--> statement-breakpoint
CREATE TRIGGER ticket_counts_on_delete AFTER DELETE ON tickets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_add();
--> statement-breakpoint
CREATE FUNCTION ticket_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ticket_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_counts_on_truncate AFTER TRUNCATE ON tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket_counts_clear();
--> statement-breakpoint
INSERT INTO ticket_counts (status, priority, department_id, assigned_agent_id, slot, n)
SELECT status, priority, coalesce(department_id, 0), coalesce(assigned_agent_id, 0), 0, count(*)
  FROM tickets GROUP BY 1, 2, 3, 4;
