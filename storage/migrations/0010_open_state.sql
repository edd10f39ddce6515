-- Open-now in SQL, so the recommender filters closed shops in the candidate query itself.
--
-- chatbot.shop_open_state mirrors storage/business_hours.py:open_state exactly (a property test checks that the
-- two agree): 'OPEN', 'BREAK_TIME', 'CLOSED' or 'UNKNOWN' at a minute (0-1439) of a weekday (0 = Monday) in the
-- shop's local time (Asia/Seoul). close <= open means the shop closes after midnight; yesterday's after-midnight
-- hours spill into today; on a public holiday a "holiday" entry replaces today's hours.

CREATE TABLE chatbot.public_holidays (
    day  DATE PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
COMMENT ON TABLE chatbot.public_holidays IS 'Korean public holidays; business_hours."holiday" applies on these days';

INSERT INTO chatbot.public_holidays (day, name) VALUES
    ('2026-01-01', '신정'), ('2026-02-16', '설날 연휴'), ('2026-02-17', '설날'), ('2026-02-18', '설날 연휴'),
    ('2026-03-01', '삼일절'), ('2026-03-02', '대체공휴일'), ('2026-05-05', '어린이날'), ('2026-05-24', '부처님오신날'),
    ('2026-05-25', '대체공휴일'), ('2026-06-03', '지방선거일'), ('2026-06-06', '현충일'), ('2026-08-15', '광복절'),
    ('2026-08-17', '대체공휴일'), ('2026-09-24', '추석 연휴'), ('2026-09-25', '추석'), ('2026-09-26', '추석 연휴'),
    ('2026-10-03', '개천절'), ('2026-10-05', '대체공휴일'), ('2026-10-09', '한글날'), ('2026-12-25', '성탄절'),
    ('2027-01-01', '신정'), ('2027-02-06', '설날 연휴'), ('2027-02-07', '설날'), ('2027-02-08', '설날 연휴'),
    ('2027-02-09', '대체공휴일'), ('2027-03-01', '삼일절'), ('2027-05-05', '어린이날'), ('2027-05-13', '부처님오신날'),
    ('2027-06-06', '현충일'), ('2027-08-15', '광복절'), ('2027-08-16', '대체공휴일'), ('2027-09-14', '추석 연휴'),
    ('2027-09-15', '추석'), ('2027-09-16', '추석 연휴'), ('2027-10-03', '개천절'), ('2027-10-04', '대체공휴일'),
    ('2027-10-09', '한글날'), ('2027-10-11', '대체공휴일'), ('2027-12-25', '성탄절');

-- Minutes since midnight of 'HH:MM' ('24:00' allowed for closing times); NULL for anything else.
CREATE FUNCTION chatbot.hhmm_minutes(value TEXT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^\d{1,2}:\d{2}$'
                THEN split_part(value, ':', 1)::int * 60 + split_part(value, ':', 2)::int END
$$;

-- (open, close) of one day in minutes with close > open, possibly past 1440; NULL when closed or unknown.
CREATE FUNCTION chatbot.day_span(day JSONB, OUT opens INTEGER, OUT closes INTEGER)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT o, CASE WHEN c <= o THEN c + 1440 ELSE c END
    FROM (SELECT chatbot.hhmm_minutes(day->>'open') AS o, chatbot.hhmm_minutes(day->>'close') AS c) t
    WHERE jsonb_typeof(day) = 'object'
      AND coalesce((day->>'closed')::boolean, false) = false
      AND o IS NOT NULL AND c IS NOT NULL
$$;

CREATE FUNCTION chatbot.shop_open_state(hours JSONB, weekday INTEGER, minute INTEGER, holiday BOOLEAN DEFAULT false)
RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    names CONSTANT TEXT[] := ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday'];
    today JSONB;
    yesterday JSONB;
    t RECORD;
    y RECORD;
BEGIN
    IF hours IS NULL OR jsonb_typeof(hours) <> 'object' OR hours = '{}'::jsonb THEN
        RETURN 'UNKNOWN';
    END IF;
    today := hours -> names[(weekday % 7) + 1];
    IF holiday AND jsonb_typeof(hours -> 'holiday') = 'object' THEN
        today := hours -> 'holiday';
    END IF;
    yesterday := hours -> names[((weekday + 6) % 7) + 1];
    IF today IS NULL AND yesterday IS NULL THEN
        RETURN 'UNKNOWN';
    END IF;
    SELECT * INTO t FROM chatbot.day_span(today);
    IF t.opens IS NOT NULL AND t.opens <= minute AND minute < t.closes THEN
        IF chatbot.hhmm_minutes(today->>'break_start') <= minute % 1440
           AND minute % 1440 < chatbot.hhmm_minutes(today->>'break_end') THEN
            RETURN 'BREAK_TIME';
        END IF;
        RETURN 'OPEN';
    END IF;
    SELECT * INTO y FROM chatbot.day_span(yesterday);
    IF y.closes IS NOT NULL AND y.closes > 1440 AND minute < y.closes - 1440 THEN
        RETURN 'OPEN';
    END IF;
    RETURN 'CLOSED';
END
$$;

-- The state of a shop at a moment, in the shop's time zone (Asia/Seoul for every shop we have).
CREATE FUNCTION chatbot.shop_open_state_at(hours JSONB, at TIMESTAMPTZ, tz TEXT DEFAULT 'Asia/Seoul')
RETURNS TEXT
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT chatbot.shop_open_state(
        hours,
        (extract(isodow FROM local_ts)::int - 1),
        (extract(hour FROM local_ts)::int * 60 + extract(minute FROM local_ts)::int),
        EXISTS (SELECT 1 FROM chatbot.public_holidays h WHERE h.day = local_ts::date))
    FROM (SELECT at AT TIME ZONE tz AS local_ts) t
$$;

-- The open minutes of one day d (0 = Monday) as week minutes (d * 1440 + minute), exactly as shop_open_state
-- decides: today's own hours minus today's break, plus yesterday's after-midnight spill where today's own
-- hours do not already decide.
CREATE FUNCTION chatbot.day_open_minutes(today JSONB, yesterday JSONB, d INTEGER) RETURNS int4multirange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    base CONSTANT INTEGER := d * 1440;
    opens INTEGER;
    closes INTEGER;
    y_opens INTEGER;
    y_closes INTEGER;
    own int4multirange := '{}';
    result int4multirange := '{}';
    break_start INTEGER;
    break_end INTEGER;
BEGIN
    -- Plain expressions only (no SELECT ... INTO): this runs 14 times for every shop written.
    IF jsonb_typeof(today) = 'object' AND NOT coalesce((today->>'closed')::boolean, false) THEN
        opens := chatbot.hhmm_minutes(today->>'open');
        closes := chatbot.hhmm_minutes(today->>'close');
    END IF;
    IF opens IS NOT NULL AND closes IS NOT NULL THEN
        IF closes <= opens THEN
            closes := closes + 1440;
        END IF;
        own := int4multirange(int4range(base + opens, base + least(closes, 1440)));
        result := own;
        break_start := chatbot.hhmm_minutes(today->>'break_start');
        break_end := chatbot.hhmm_minutes(today->>'break_end');
        IF break_start IS NOT NULL AND break_end IS NOT NULL AND break_start < break_end THEN
            result := result - int4multirange(int4range(base + break_start, base + break_end));
        END IF;
    END IF;
    IF jsonb_typeof(yesterday) = 'object' AND NOT coalesce((yesterday->>'closed')::boolean, false) THEN
        y_opens := chatbot.hhmm_minutes(yesterday->>'open');
        y_closes := chatbot.hhmm_minutes(yesterday->>'close');
        IF y_opens IS NOT NULL AND y_closes IS NOT NULL AND y_closes <= y_opens THEN
            y_closes := y_closes + 1440;
        END IF;
    END IF;
    IF y_opens IS NOT NULL AND y_closes > 1440 THEN
        result := result + (int4multirange(int4range(base, base + y_closes - 1440)) - own);
    END IF;
    RETURN result;
END
$$;

-- The whole week's open minutes of a shop; with holiday = true, every day's own hours are the "holiday" entry
-- (when the shop has one). Precomputed on the shop row, so "open now" is one containment test per shop.
CREATE FUNCTION chatbot.week_open_minutes(hours JSONB, holiday BOOLEAN DEFAULT false) RETURNS int4multirange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    names CONSTANT TEXT[] := ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday'];
    result int4multirange := '{}';
    today JSONB;
BEGIN
    IF hours IS NULL OR jsonb_typeof(hours) <> 'object' THEN
        RETURN result;
    END IF;
    FOR d IN 0..6 LOOP
        today := hours -> names[d + 1];
        IF holiday AND jsonb_typeof(hours -> 'holiday') = 'object' THEN
            today := hours -> 'holiday';
        END IF;
        result := result + chatbot.day_open_minutes(today, hours -> names[((d + 6) % 7) + 1], d);
    END LOOP;
    RETURN result;
END
$$;

ALTER TABLE chatbot.shops
    ADD COLUMN open_week int4multirange NOT NULL DEFAULT '{}',
    ADD COLUMN holiday_open_week int4multirange NOT NULL DEFAULT '{}';
COMMENT ON COLUMN chatbot.shops.open_week IS
    'Open minutes of the week (Monday 00:00 = 0), derived from business_hours by trigger: open now = open_week @> minute';
COMMENT ON COLUMN chatbot.shops.holiday_open_week IS 'Like open_week, for a public holiday falling on each weekday';

CREATE FUNCTION chatbot.shops_derive_open_week() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    NEW.open_week := chatbot.week_open_minutes(NEW.business_hours, false);
    NEW.holiday_open_week := chatbot.week_open_minutes(NEW.business_hours, true);
    RETURN NEW;
END
$$;

CREATE TRIGGER shops_derive_open_week BEFORE INSERT OR UPDATE OF business_hours ON chatbot.shops
    FOR EACH ROW EXECUTE FUNCTION chatbot.shops_derive_open_week();

UPDATE chatbot.shops SET business_hours = business_hours;

-- The moment "now" as the candidate query needs it: minute of the week in the shops' time zone, and whether
-- that day is a public holiday. Computed once per query, not once per shop.
CREATE FUNCTION chatbot.local_week_minute(at TIMESTAMPTZ, tz TEXT DEFAULT 'Asia/Seoul',
                                          OUT week_minute INTEGER, OUT holiday BOOLEAN)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (extract(isodow FROM l)::int - 1) * 1440 + extract(hour FROM l)::int * 60 + extract(minute FROM l)::int,
           EXISTS (SELECT 1 FROM chatbot.public_holidays h WHERE h.day = l::date)
    FROM (SELECT at AT TIME ZONE tz AS l) t
$$;

-- Distance: a stored earth point per shop. chatbot.earth_point pins its search_path, which makes every call
-- expensive (and keeps it from being inlined); computing it once per row write, not once per row read,
-- keeps the radius filter and the nearest-first walk cheap. It supersedes the expression index of 0002.
ALTER TABLE chatbot.shops
    ADD COLUMN geo_point public.earth
        GENERATED ALWAYS AS (chatbot.earth_point(latitude::float8, longitude::float8)) STORED;
CREATE INDEX idx_shops_geo_point ON chatbot.shops USING gist (geo_point);
DROP INDEX chatbot.idx_shops_earth;
