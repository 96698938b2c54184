-- The weekly tie aggregate: helpflow's contract with any SQL engine (docs/weekly-ties.md).
--
-- One row per (week starting Monday 00:00 UTC, helper, helped, kind, topic, context, source)
-- with how many interactions it sums up and their weight. It runs unchanged on DuckDB and
-- PostgreSQL 15 (tests/weekly-ties-sql.test.ts runs it on both and compares), and with the
-- small changes docs/weekly-ties.md lists on Trino, Spark SQL and BigQuery.
--
-- Input: a table (or view) named `interchange`, one row per help event, as
-- `helpflow export --format parquet` writes them (Hive-partitioned by month and source):
--
--   source       text       NOT NULL  where the event comes from: slack, github, interchange …
--   source_id    text       NOT NULL  the event's id, unique within its source
--   occurred_at  timestamp with time zone NOT NULL  when it happened
--   helper       text       NOT NULL  the account that helped, as its source names it
--                                     (for source `interchange`: a person id or e-mail address)
--   helped       text       NOT NULL  the account that was helped
--   kind         text       NOT NULL  reply, reaction, review, answer … (sets the default weight)
--   topic        text       NULL      what the help was about
--   context      text       NULL      where it happened: channel, repository, list
--   weight       double precision NULL  the event's own weight, overriding its kind's
--
-- Output columns: week (date, a Monday), helper, helped, kind, topic, context, source,
-- interactions (bigint, at least 1) and weight (double precision: the sum over the week's
-- events of their own weight, else their kind's default weight below, else 1).
--
-- The kind weights are helpflow's defaults (server/config.ts; a test keeps the two equal).
-- Self-help (helper = helped) is never help and is left out.
SELECT
  CAST(date_trunc('week', i.occurred_at AT TIME ZONE 'UTC') AS DATE) AS week,
  i.helper,
  i.helped,
  i.kind,
  i.topic,
  i.context,
  i.source,
  COUNT(*) AS interactions,
  SUM(COALESCE(i.weight, CAST(kw.weight AS DOUBLE PRECISION), 1)) AS weight
FROM interchange i
LEFT JOIN (
  VALUES
    ('reply', 1.0),
    ('reaction', 0.5),
    ('review', 2.0),
    ('review-comment', 1.0),
    ('issue-comment', 1.0),
    ('trailer', 2.0),
    ('answer', 2.0),
    ('accepted-answer', 4.0),
    ('comment', 0.5),
    ('email-reply', 1.0),
    ('help', 1.0)
) AS kw (kind, weight) ON kw.kind = i.kind
WHERE i.helper <> i.helped
GROUP BY
  CAST(date_trunc('week', i.occurred_at AT TIME ZONE 'UTC') AS DATE),
  i.helper,
  i.helped,
  i.kind,
  i.topic,
  i.context,
  i.source
