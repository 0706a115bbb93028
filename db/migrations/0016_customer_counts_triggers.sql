-- Keeps customer_counts exact, as 0010 does ticket_counts: each statement adds its net change per
-- status in the same transaction, one grouped upsert in key order.
-- An update that leaves every status as it was writes nothing.
CREATE FUNCTION customer_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_counts AS c (status, slot, n)
  SELECT status, pg_backend_pid() % 8, sum(delta)
    FROM (SELECT status, 1 AS delta FROM new_rows UNION ALL SELECT status, -1 FROM old_rows) changes
   GROUP BY 1 HAVING sum(delta) <> 0 ORDER BY 1
  ON CONFLICT (status, slot) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION customer_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_counts AS c (status, slot, n)
  SELECT status, pg_backend_pid() % 8, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
  ON CONFLICT (status, slot) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION customer_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_counts AS c (status, slot, n)
  SELECT status, pg_backend_pid() % 8, -count(*) FROM old_rows GROUP BY 1 ORDER BY 1
  ON CONFLICT (status, slot) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customer_counts_on_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_insert();
--> statement-breakpoint
CREATE TRIGGER customer_counts_on_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_update();
--> statement-breakpoint
CREATE TRIGGER customer_counts_on_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_delete();
--> statement-breakpoint
CREATE FUNCTION customer_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customer_counts_on_truncate AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_clear();
--> statement-breakpoint
INSERT INTO customer_counts (status, slot, n) SELECT status, 0, count(*) FROM customers GROUP BY 1;
