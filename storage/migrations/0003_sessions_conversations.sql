-- 0003: sessions and turn logs.
--   * chatbot.session_master (seed 002): the non-partitioned parent every session-bound table
--     references, so foreign keys and ON DELETE CASCADE work although conversations is partitioned.
--   * session functions start_session / end_session / touch_session / clean_inactive_sessions /
--     delete_old_sessions, and create_conversation_partitions.
--   * chatbot.conversations (seed 000 §3.8, monthly RANGE partitions + DEFAULT partition).
--   * chatbot.recommendations_log (seed 000 §3.9), chatbot.user_interactions (seed 002),
--     chatbot.performance_logs, chatbot.conversation_contexts, chatbot.nlu_training_data (seed 000 §2.1, §5.2).
--
-- ON DELETE policy for session_id:
--   CASCADE   for the session's own records: conversations, user_interactions, recommendations_log,
--             conversation_contexts (and ml_training.recommendation_feedback in 0004).
--   SET NULL  for records that must outlive the session-retention job (delete_old_sessions) but are
--             not personal (performance_logs) or are deleted through user_id instead (the NLU review
--             queue, training data: they cascade on chatbot.users so a privacy delete removes them).

-- ---------------------------------------------------------------------------------------------
-- session_master (seed 002 §3.1)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.session_master (
    -- FIX: seed 002 used uuid_generate_v4() (uuid-ossp); gen_random_uuid() is core since PG13.
    session_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,
    session_start TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    session_end TIMESTAMP WITH TIME ZONE,
    -- ADDED: "inactive for 24 h" (clean_inactive_sessions) needs the time of the last turn; kept up
    -- to date by the conversations trigger trg_conversations_touch_session and touch_session().
    last_activity_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    session_type VARCHAR(50) NOT NULL DEFAULT 'chat'
        CHECK (session_type IN ('chat', 'voice', 'api', 'test', 'admin')),
    channel chatbot.channel_name,  -- ADDED: kakao / line / web ...
    session_metadata JSONB,
    ip_address INET,
    user_agent TEXT,

    CONSTRAINT session_master_end_after_start CHECK (session_end IS NULL OR session_end >= session_start),
    CONSTRAINT session_master_end_consistency CHECK (is_active OR session_end IS NOT NULL)
);

CREATE INDEX idx_session_master_user ON chatbot.session_master(user_id);
CREATE INDEX idx_session_master_active ON chatbot.session_master(last_activity_at) WHERE is_active = TRUE;
CREATE INDEX idx_session_master_start ON chatbot.session_master(session_start DESC);
CREATE INDEX idx_session_master_last_activity ON chatbot.session_master(last_activity_at);

COMMENT ON TABLE chatbot.session_master IS
    'One row per chat session. Not partitioned, so every session-bound table can reference it with ON DELETE CASCADE.';


-- start_session: creates a session and returns its id. When p_session_id is given the call is
-- idempotent (a retried job gets the same session back) but never hands another user's session out.
CREATE OR REPLACE FUNCTION chatbot.start_session(
    p_user_id INTEGER,
    p_session_type VARCHAR DEFAULT 'chat',
    p_metadata JSONB DEFAULT NULL,
    p_session_id UUID DEFAULT NULL,
    p_channel VARCHAR DEFAULT NULL
) RETURNS UUID
LANGUAGE plpgsql
AS $$
DECLARE
    v_session_id UUID;
    v_owner INTEGER;
BEGIN
    INSERT INTO chatbot.session_master (session_id, user_id, session_type, session_metadata, channel)
    VALUES (COALESCE(p_session_id, gen_random_uuid()), p_user_id,
            COALESCE(p_session_type, 'chat'), p_metadata, p_channel)
    ON CONFLICT (session_id) DO NOTHING
    RETURNING session_id INTO v_session_id;

    IF v_session_id IS NULL THEN
        -- p_session_id already existed.
        SELECT sm.user_id INTO v_owner FROM chatbot.session_master sm WHERE sm.session_id = p_session_id;
        IF v_owner IS DISTINCT FROM p_user_id THEN
            RAISE EXCEPTION 'session % belongs to another user', p_session_id
                USING ERRCODE = 'unique_violation';
        END IF;
        v_session_id := p_session_id;
        PERFORM chatbot.touch_session(v_session_id);
    END IF;
    RETURN v_session_id;
END;
$$;

-- touch_session: records activity (the conversations trigger does this for every logged turn).
CREATE OR REPLACE FUNCTION chatbot.touch_session(p_session_id UUID, p_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP)
RETURNS BOOLEAN
LANGUAGE sql
AS $$
    WITH u AS (
        UPDATE chatbot.session_master
           SET last_activity_at = GREATEST(last_activity_at, p_at)
         WHERE session_id = p_session_id
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM u)
$$;

-- end_session: TRUE when an active session was closed, FALSE when unknown or already closed.
CREATE OR REPLACE FUNCTION chatbot.end_session(p_session_id UUID)
RETURNS BOOLEAN
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE chatbot.session_master
       SET is_active = FALSE,
           session_end = GREATEST(CURRENT_TIMESTAMP, session_start)
     WHERE session_id = p_session_id
       AND is_active;
    RETURN FOUND;
END;
$$;

-- clean_inactive_sessions: closes sessions idle for p_inactive_hours (default 24 h, the Redis
-- context TTL); session_end is set to the last activity. Returns the number closed.
CREATE OR REPLACE FUNCTION chatbot.clean_inactive_sessions(p_inactive_hours INTEGER DEFAULT 24)
RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    v_count INTEGER;
BEGIN
    UPDATE chatbot.session_master
       SET is_active = FALSE,
           session_end = GREATEST(last_activity_at, session_start)
     WHERE is_active
       AND last_activity_at < CURRENT_TIMESTAMP - make_interval(hours => p_inactive_hours);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

-- delete_old_sessions: deletes sessions whose last sign of life is older than p_days (default 30);
-- conversations, interactions, recommendation logs, contexts and feedback go with them (CASCADE).
-- Returns the number of sessions deleted.
CREATE OR REPLACE FUNCTION chatbot.delete_old_sessions(p_days INTEGER DEFAULT 30)
RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    v_count INTEGER;
BEGIN
    DELETE FROM chatbot.session_master
     WHERE COALESCE(session_end, last_activity_at) < CURRENT_TIMESTAMP - make_interval(days => p_days);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

COMMENT ON FUNCTION chatbot.start_session(INTEGER, VARCHAR, JSONB, UUID, VARCHAR) IS 'Creates (or, given p_session_id, idempotently returns) a session.';
COMMENT ON FUNCTION chatbot.end_session(UUID) IS 'Closes an active session; FALSE when unknown or already closed.';
COMMENT ON FUNCTION chatbot.clean_inactive_sessions(INTEGER) IS 'Closes sessions idle for N hours (default 24); returns how many.';
COMMENT ON FUNCTION chatbot.delete_old_sessions(INTEGER) IS 'Deletes sessions idle for N days (default 30) with all their session-bound rows; returns how many.';


-- ---------------------------------------------------------------------------------------------
-- 3.8 conversations (partitioned by month)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.conversations (
    id BIGSERIAL,

    -- FIX: user_id gets ON DELETE CASCADE (privacy delete of a user removes the turns).
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,
    -- FIX: the seed defaulted session_id to uuid_generate_v4(): a fresh random id can never exist in
    -- session_master, so there is no default; the column references session_master (seed 002).
    session_id UUID NOT NULL REFERENCES chatbot.session_master(session_id) ON DELETE CASCADE,
    conversation_id UUID NOT NULL DEFAULT gen_random_uuid(),  -- FIX: uuid_generate_v4() -> gen_random_uuid()

    -- ADDED: the turn's platform event id (LINE webhookEventId, ...) or a UUID generated for the turn.
    -- With UNIQUE (event_id, "timestamp") a turn-log job that runs twice writes the turn once
    -- (INSERT ... ON CONFLICT (event_id, "timestamp") DO NOTHING); the job must pass the turn's own
    -- timestamp, not now(). A unique index on a partitioned table must contain the partition key,
    -- hence the pair.
    event_id VARCHAR(100) NOT NULL DEFAULT gen_random_uuid()::text,
    channel chatbot.channel_name,  -- ADDED: kakao / line / web, for `bot logs --channel`

    input_text TEXT NOT NULL,
    response_text TEXT NOT NULL,
    -- FIX: NOT NULL: it is the partition key and part of the primary key.
    "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,

    extracted_intent chatbot.intent_name,
    intent_confidence DECIMAL(4,3) CHECK (intent_confidence >= 0 AND intent_confidence <= 1),
    extracted_entities JSONB,  -- {"food_type", "budget", "location", "companions", "time_preference", "menu_options", "urgency"}

    conversation_turn INTEGER NOT NULL DEFAULT 1,
    previous_intent VARCHAR(50),
    user_strategy VARCHAR(30) CHECK (user_strategy IN (
        'ONBOARDING', 'DATA_BUILDING', 'NORMAL', 'URGENT'
    )),

    processing_time_ms INTEGER,
    nlu_time_ms INTEGER,
    rag_time_ms INTEGER,
    response_time_ms INTEGER,

    response_quality_score DECIMAL(4,3),
    user_satisfaction_inferred DECIMAL(4,3),
    conversation_coherence DECIMAL(4,3),

    recommended_shop_ids INTEGER[],
    selected_shop_id INTEGER REFERENCES chatbot.shops(id),
    applied_coupon_ids TEXT[],

    CONSTRAINT conversations_metrics_check CHECK (
        processing_time_ms >= 0 AND
        nlu_time_ms >= 0 AND
        rag_time_ms >= 0 AND
        response_time_ms >= 0
    ),
    -- FIX: the seed declared "id BIGSERIAL PRIMARY KEY" and then created a partition of a table that
    -- was never declared PARTITION BY. On a partitioned table every PRIMARY KEY / UNIQUE constraint
    -- must include the partition key, so the key is (id, "timestamp"); id alone stays unique in
    -- practice because it comes from one sequence.
    CONSTRAINT conversations_pkey PRIMARY KEY (id, "timestamp"),
    CONSTRAINT conversations_event_unique UNIQUE (event_id, "timestamp")
) PARTITION BY RANGE ("timestamp");

CREATE INDEX idx_conversations_user_time ON chatbot.conversations(user_id, "timestamp" DESC);
CREATE INDEX idx_conversations_session ON chatbot.conversations(session_id);
CREATE INDEX idx_conversations_intent ON chatbot.conversations(extracted_intent);
-- FIX: the seed's predicate "WHERE timestamp > CURRENT_TIMESTAMP - INTERVAL '7 days'" cannot be an
-- index predicate (functions in index predicates must be IMMUTABLE; CURRENT_TIMESTAMP is not, and
-- a frozen cut-off would be wrong a week later anyway). Monthly partitions already prune by time.
CREATE INDEX idx_conversations_timestamp ON chatbot.conversations("timestamp");
-- ADDED: operator log filters (`bot logs --channel X`, the /ops/ live log).
CREATE INDEX idx_conversations_channel_time ON chatbot.conversations(channel, "timestamp" DESC);

COMMENT ON TABLE chatbot.conversations IS
    'Turn log, one row per user message and bot answer. Partitioned by month (Asia/Seoul months) with a DEFAULT partition.';
COMMENT ON COLUMN chatbot.conversations.event_id IS 'Platform event id or generated UUID; UNIQUE with "timestamp" so a retried turn-log job writes once.';

-- DEFAULT partition: a row dated outside the monthly partitions (back-dated import, a clock far in
-- the future, a month whose partition job has not run yet) is kept instead of failing the insert
-- with "no partition of relation found for row". create_conversation_partitions() moves such rows
-- into the proper monthly partition when it creates it.
CREATE TABLE chatbot.conversations_default PARTITION OF chatbot.conversations DEFAULT;


-- create_conversation_partitions: creates chatbot.conversations_YYYY_MM for the current month and
-- the next months_ahead months (months in Asia/Seoul, the business time zone; bounds are absolute
-- instants, so the result does not depend on the session's TimeZone). Idempotent: an existing
-- partition is skipped. Returns the number of partitions created.
-- Rows already sitting in the DEFAULT partition for a new month are moved: PostgreSQL refuses to
-- create a partition whose range has rows in the default partition, so those rows are moved into a
-- fresh table which is then attached. Nothing re-fires (no INSERT into the partitioned table), so
-- the training-collection trigger does not copy them twice.
-- SECURITY DEFINER so the application role can run it from the scheduler without owning the table;
-- search_path is pinned and every name is qualified.
CREATE OR REPLACE FUNCTION chatbot.create_conversation_partitions(months_ahead INTEGER DEFAULT 3)
RETURNS INTEGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c_tz CONSTANT TEXT := 'Asia/Seoul';
    v_first_month DATE;
    v_month DATE;
    v_from TIMESTAMPTZ;
    v_to TIMESTAMPTZ;
    v_from_lit TEXT;
    v_to_lit TEXT;
    v_name TEXT;
    v_has_rows BOOLEAN;
    v_created INTEGER := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Two schedulers calling at once must not both try to create the same partition.
    PERFORM pg_advisory_xact_lock(hashtext('chatbot.create_conversation_partitions'));

    v_first_month := date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE c_tz)::date;

    FOR i IN 0..months_ahead LOOP
        v_month := (v_first_month + make_interval(months => i))::date;
        v_name := 'conversations_' || to_char(v_month, 'YYYY_MM');
        CONTINUE WHEN to_regclass(format('chatbot.%I', v_name)) IS NOT NULL;

        v_from := v_month::timestamp AT TIME ZONE c_tz;
        v_to := (v_month + INTERVAL '1 month')::timestamp AT TIME ZONE c_tz;
        -- ISO 8601 in UTC: parsed identically whatever the session's DateStyle / TimeZone.
        v_from_lit := to_char(v_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');
        v_to_lit := to_char(v_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');

        -- Dynamic SQL: the function keeps working if an operator dropped the default partition.
        v_has_rows := FALSE;
        IF to_regclass('chatbot.conversations_default') IS NOT NULL THEN
            EXECUTE 'SELECT EXISTS (SELECT 1 FROM chatbot.conversations_default d
                                     WHERE d."timestamp" >= $1 AND d."timestamp" < $2)'
               INTO v_has_rows USING v_from, v_to;
        END IF;

        IF v_has_rows THEN
            -- Block writers of the default partition until commit, so no new row for this range can
            -- arrive between the DELETE and the ATTACH (readers are not blocked).
            LOCK TABLE chatbot.conversations_default IN EXCLUSIVE MODE;
            EXECUTE format(
                'CREATE TABLE chatbot.%I (LIKE chatbot.conversations INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)',
                v_name);
            EXECUTE format(
                'WITH moved AS (DELETE FROM chatbot.conversations_default d
                                 WHERE d."timestamp" >= %L::timestamptz AND d."timestamp" < %L::timestamptz
                                RETURNING d.*)
                 INSERT INTO chatbot.%I SELECT * FROM moved',
                v_from_lit, v_to_lit, v_name);
            EXECUTE format(
                'ALTER TABLE chatbot.conversations ATTACH PARTITION chatbot.%I FOR VALUES FROM (%L) TO (%L)',
                v_name, v_from_lit, v_to_lit);
        ELSE
            EXECUTE format(
                'CREATE TABLE chatbot.%I PARTITION OF chatbot.conversations FOR VALUES FROM (%L) TO (%L)',
                v_name, v_from_lit, v_to_lit);
        END IF;
        v_created := v_created + 1;
    END LOOP;

    RETURN v_created;
END;
$$;

REVOKE ALL ON FUNCTION chatbot.create_conversation_partitions(INTEGER) FROM PUBLIC;
COMMENT ON FUNCTION chatbot.create_conversation_partitions(INTEGER) IS
    'Creates monthly partitions conversations_YYYY_MM (Asia/Seoul months) from this month to N months ahead; idempotent; returns the number created. Run monthly by the scheduler.';


-- Keeps session_master.last_activity_at current for clean_inactive_sessions().
CREATE OR REPLACE FUNCTION chatbot.conversations_touch_session()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE chatbot.session_master
       SET last_activity_at = NEW."timestamp"
     WHERE session_id = NEW.session_id
       AND last_activity_at < NEW."timestamp";
    RETURN NULL;
END;
$$;

-- Row triggers on a partitioned table are cloned onto every partition, present and future.
CREATE TRIGGER trg_conversations_touch_session
    AFTER INSERT ON chatbot.conversations
    FOR EACH ROW EXECUTE FUNCTION chatbot.conversations_touch_session();


-- ---------------------------------------------------------------------------------------------
-- 3.9 recommendations_log
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.recommendations_log (
    id BIGSERIAL PRIMARY KEY,

    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,  -- FIX: CASCADE for privacy delete
    session_id UUID NOT NULL REFERENCES chatbot.session_master(session_id) ON DELETE CASCADE,  -- seed 002
    "timestamp" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    -- ADDED: the turn's event id, so a retried turn-log job logs the recommendation once.
    event_id VARCHAR(100) UNIQUE,

    request_intent VARCHAR(50) NOT NULL,
    request_entities JSONB NOT NULL,
    -- FIX: the seed's user_location GEOGRAPHY(POINT, 4326) needs PostGIS, which we do not have:
    -- two DECIMAL columns, both or neither (use chatbot.earth_point(user_latitude, user_longitude)).
    user_latitude DECIMAL(10, 8),
    user_longitude DECIMAL(11, 8),

    recommendations JSONB NOT NULL,  -- [{"shop_id", "shop_name", "score", "ranking", "distance_meters", "reason_codes", "menus", "final_price", "foodcard_usable"}]

    recommendation_count INTEGER NOT NULL,
    recommendation_method VARCHAR(50) NOT NULL CHECK (recommendation_method IN (
        'WIDE_DEEP', 'RAG', 'HYBRID', 'EMERGENCY', 'COUPON_BASED', 'FALLBACK'
    )),
    confidence_score DECIMAL(4,3),
    total_candidates INTEGER,
    filtering_steps JSONB,

    user_viewed_details INTEGER[],
    user_final_selection INTEGER REFERENCES chatbot.shops(id),
    time_to_decision_ms INTEGER,
    feedback_rating INTEGER CHECK (feedback_rating >= 1 AND feedback_rating <= 5),

    diversity_score DECIMAL(4,3),
    personalization_score DECIMAL(4,3),
    relevance_score DECIMAL(4,3),
    novelty_score DECIMAL(4,3),

    -- Both or neither (written so that a NULL never makes the check pass by being unknown).
    CONSTRAINT recommendations_log_location_check CHECK (
        (user_latitude IS NULL) = (user_longitude IS NULL)
        AND (user_latitude IS NULL OR (user_latitude BETWEEN -90 AND 90 AND user_longitude BETWEEN -180 AND 180))
    )
);

CREATE INDEX idx_recommendations_user_time ON chatbot.recommendations_log(user_id, "timestamp" DESC);
CREATE INDEX idx_recommendations_method ON chatbot.recommendations_log(recommendation_method);
CREATE INDEX idx_recommendations_selection ON chatbot.recommendations_log(user_final_selection)
    WHERE user_final_selection IS NOT NULL;
CREATE INDEX idx_recommendations_session ON chatbot.recommendations_log(session_id);  -- ADDED: cascade deletes

COMMENT ON TABLE chatbot.recommendations_log IS 'Recommendations shown to users and what they picked (A/B tests, CTR).';


-- ---------------------------------------------------------------------------------------------
-- ADDED (seed 002 §3.3): user_interactions - clicks, quick replies, card views, follow/unfollow.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.user_interactions (
    id BIGSERIAL PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES chatbot.session_master(session_id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,
    -- e.g. text_input, quick_reply, button_click, card_view, shop_select, location_share,
    -- coupon_view, coupon_use, feedback, follow, unfollow, postback
    interaction_type VARCHAR(50) NOT NULL CHECK (interaction_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    event_id VARCHAR(100) UNIQUE,  -- platform event id: a redelivered event is recorded once
    channel chatbot.channel_name,
    target_type VARCHAR(30),       -- 'shop', 'menu', 'coupon', 'quick_reply', ...
    target_id VARCHAR(100),
    payload JSONB,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_user_interactions_session ON chatbot.user_interactions(session_id);
CREATE INDEX idx_user_interactions_user_time ON chatbot.user_interactions(user_id, created_at DESC);
CREATE INDEX idx_user_interactions_type_time ON chatbot.user_interactions(interaction_type, created_at DESC);

COMMENT ON TABLE chatbot.user_interactions IS 'Non-text user actions within a session (seed 002).';


-- ---------------------------------------------------------------------------------------------
-- ADDED (seed 000 §2.1 "성능 메트릭", §5.2 step 20): performance_logs.
-- total_time_ms is the §2.1 processing_time_ms. No personal data, so it survives session deletion.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.performance_logs (
    id BIGSERIAL PRIMARY KEY,
    logged_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    session_id UUID REFERENCES chatbot.session_master(session_id) ON DELETE SET NULL,
    request_id VARCHAR(64),
    event_id VARCHAR(100),
    channel chatbot.channel_name,
    operation_type VARCHAR(50) NOT NULL,  -- 'chat_turn', 'webhook_line', 'webhook_kakao', 'push', 'import', ...
    intent VARCHAR(50),
    total_time_ms INTEGER NOT NULL CHECK (total_time_ms >= 0),
    nlu_time_ms INTEGER CHECK (nlu_time_ms >= 0),
    rag_time_ms INTEGER CHECK (rag_time_ms >= 0),
    recommendation_time_ms INTEGER CHECK (recommendation_time_ms >= 0),
    db_time_ms INTEGER CHECK (db_time_ms >= 0),
    response_time_ms INTEGER CHECK (response_time_ms >= 0),
    bottleneck_component VARCHAR(50),     -- 'nlu', 'rag', 'recommendation', 'db', 'platform_api', ...
    success BOOLEAN NOT NULL DEFAULT TRUE,
    error_type VARCHAR(100),
    error_message TEXT,
    details JSONB
);

CREATE INDEX idx_performance_logs_time ON chatbot.performance_logs(logged_at DESC);
CREATE INDEX idx_performance_logs_operation ON chatbot.performance_logs(operation_type, logged_at DESC);
CREATE INDEX idx_performance_logs_errors ON chatbot.performance_logs(error_type, logged_at DESC)
    WHERE error_type IS NOT NULL;
CREATE INDEX idx_performance_logs_session ON chatbot.performance_logs(session_id);

COMMENT ON TABLE chatbot.performance_logs IS 'Timings per operation (seed 000 §5.2 step 20); total_time_ms = processing_time_ms of §2.1.';


-- ---------------------------------------------------------------------------------------------
-- ADDED (seed 000 §2.1 "세션 컨텍스트"): conversation_contexts - durable snapshot of the session
-- context whose live copy is in Redis (session:{id}:context, 24 h, last 10 turns).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.conversation_contexts (
    session_id UUID PRIMARY KEY REFERENCES chatbot.session_master(session_id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,
    context_data JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context_data) = 'object'),       -- recent turns, pending slots
    user_state JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(user_state) = 'object'),           -- budget, location, companions known so far
    extracted_patterns JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(extracted_patterns) = 'object'),  -- preferences inferred in this session
    turn_count INTEGER NOT NULL DEFAULT 0 CHECK (turn_count >= 0),
    last_intent chatbot.intent_name,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_conversation_contexts_user ON chatbot.conversation_contexts(user_id, updated_at DESC);

CREATE TRIGGER update_conversation_contexts_updated_at BEFORE UPDATE ON chatbot.conversation_contexts
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE chatbot.conversation_contexts IS 'Durable copy of the session context (Redis holds the live one, 24 h TTL).';


-- ---------------------------------------------------------------------------------------------
-- ADDED (seed 000 §2.1 "학습 데이터", §5.2 step 8): chatbot.nlu_training_data - NLU predictions
-- kept for review; operators confirm or correct true_intent (the /ops/ review queue), and reviewed
-- rows feed retraining (ml_training.nlu_training_data holds the curated set).
-- input_text must be masked by the application (CONTRACTS §8) before it is written here.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.nlu_training_data (
    id BIGSERIAL PRIMARY KEY,
    -- SET NULL, not CASCADE: reviewed examples must survive the 30-day session clean-up; they are
    -- removed with the user (user_id CASCADE) by a privacy delete.
    session_id UUID REFERENCES chatbot.session_master(session_id) ON DELETE SET NULL,
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,
    -- Soft reference to chatbot.conversations (id, "timestamp"): a foreign key into the partitioned
    -- table would fire when create_conversation_partitions() moves rows out of the default partition.
    conversation_id BIGINT,
    conversation_timestamp TIMESTAMP WITH TIME ZONE,
    event_id VARCHAR(100) UNIQUE,  -- the turn's event id: a retried job records the prediction once
    channel chatbot.channel_name,

    input_text TEXT NOT NULL,
    normalized_text TEXT,

    predicted_intent chatbot.intent_name NOT NULL,
    predicted_entities JSONB,
    prediction_confidence DECIMAL(4,3) CHECK (prediction_confidence >= 0 AND prediction_confidence <= 1),
    model_version VARCHAR(50),

    true_intent chatbot.intent_name,   -- NULL until reviewed
    true_entities JSONB,

    collection_reason VARCHAR(30) NOT NULL DEFAULT 'low_confidence' CHECK (collection_reason IN (
        'low_confidence', 'fallback', 'user_feedback', 'sampled', 'operator'
    )),
    review_status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (review_status IN (
        'pending', 'confirmed', 'corrected', 'discarded'
    )),
    reviewed_by VARCHAR(100),
    reviewed_at TIMESTAMP WITH TIME ZONE,

    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT nlu_training_review_complete CHECK (
        review_status NOT IN ('confirmed', 'corrected')
        OR (true_intent IS NOT NULL AND reviewed_at IS NOT NULL)
    )
);

CREATE INDEX idx_chatbot_nlu_training_pending ON chatbot.nlu_training_data(created_at DESC)
    WHERE review_status = 'pending';
CREATE INDEX idx_chatbot_nlu_training_predicted ON chatbot.nlu_training_data(predicted_intent);
CREATE INDEX idx_chatbot_nlu_training_user ON chatbot.nlu_training_data(user_id);

CREATE TRIGGER update_chatbot_nlu_training_updated_at BEFORE UPDATE ON chatbot.nlu_training_data
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE chatbot.nlu_training_data IS 'NLU predictions awaiting operator review (review queue); corrections feed retraining.';


-- Partitions for this month and the next three (the scheduler keeps extending the window).
SELECT chatbot.create_conversation_partitions(3);
