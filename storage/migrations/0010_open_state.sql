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
