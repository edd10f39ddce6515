-- 0004: self-learning system (seed 000 §9): training queue, jobs, model versions, performance
-- metrics, NLU and RAG training data, recommendation feedback, the §9.10 auto-collection triggers,
-- the §9.11 views and the §9.12 functions. Plus one analytics view.

-- ---------------------------------------------------------------------------------------------
-- 9.3 data_queue
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.data_queue (
    id BIGSERIAL PRIMARY KEY,

    model_type VARCHAR(50) NOT NULL CHECK (model_type IN ('nlu', 'rag', 'recommendation')),

    raw_data JSONB NOT NULL,
    processed_data JSONB,

    quality_score DECIMAL(4,3) CHECK (quality_score >= 0 AND quality_score <= 1),
    -- NLU: confidence based (>= 0.8 high quality); RAG: retrieval accuracy; recommendation: selection

    validation_errors JSONB,  -- {"missing_fields": [...], "invalid_format": [...], "quality_issues": [...]}

    status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN (
        'pending', 'processing', 'ready', 'training', 'completed', 'rejected', 'error'
    )),

    error_message TEXT,
    retry_count INTEGER DEFAULT 0,

    source_table VARCHAR(100),  -- 'conversations', 'recommendations_log', ...
    source_id BIGINT,
    -- FIX: the seed's plain REFERENCES chatbot.users(id) (NO ACTION) made it impossible to delete a
    -- user who had ever produced training data; raw_data holds that user's text, so it goes with them.
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,
    -- SET NULL: queued data must survive the 30-day session clean-up (delete_old_sessions).
    session_id UUID REFERENCES chatbot.session_master(session_id) ON DELETE SET NULL,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    processed_at TIMESTAMP WITH TIME ZONE,
    trained_at TIMESTAMP WITH TIME ZONE,

    priority INTEGER DEFAULT 0 CHECK (priority >= 0 AND priority <= 100),

    -- FIX: the seed's CHECK (jsonb_array_length(raw_data) > 0 OR jsonb_typeof(raw_data) = 'object')
    -- raises "cannot get array length of a non-array" for every JSON object, i.e. for every row the
    -- §9.10 trigger writes, which made each high-confidence conversation INSERT fail. CASE evaluates
    -- the array length only for arrays; an empty object counts as empty too.
    CONSTRAINT data_queue_raw_data_not_empty CHECK (
        CASE jsonb_typeof(raw_data)
            WHEN 'object' THEN raw_data <> '{}'::jsonb
            WHEN 'array' THEN jsonb_array_length(raw_data) > 0
            ELSE FALSE
        END
    )
);

CREATE INDEX idx_ml_queue_status_priority ON ml_training.data_queue(status, priority DESC)
    WHERE status IN ('pending', 'ready');
CREATE INDEX idx_ml_queue_model_type ON ml_training.data_queue(model_type, status);
CREATE INDEX idx_ml_queue_created_at ON ml_training.data_queue(created_at DESC);
CREATE INDEX idx_ml_queue_quality ON ml_training.data_queue(quality_score DESC)
    WHERE quality_score > 0.5;
-- ADDED: one queue row per source row and model, so the collection triggers are idempotent.
CREATE UNIQUE INDEX uq_ml_queue_source ON ml_training.data_queue(model_type, source_table, source_id)
    WHERE source_table IS NOT NULL AND source_id IS NOT NULL;
CREATE INDEX idx_ml_queue_user ON ml_training.data_queue(user_id);
CREATE INDEX idx_ml_queue_session ON ml_training.data_queue(session_id);

-- FIX: the seed reused update_updated_at_column() here, but data_queue has no updated_at column
-- ("record new has no field updated_at" on the first pending -> ready update). The intent is to
-- stamp processed_at.
CREATE OR REPLACE FUNCTION ml_training.set_processed_at()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.processed_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;

CREATE TRIGGER update_ml_queue_processed_at
    BEFORE UPDATE ON ml_training.data_queue
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM 'ready' AND NEW.status = 'ready')
    EXECUTE FUNCTION ml_training.set_processed_at();

COMMENT ON TABLE ml_training.data_queue IS 'Queue of all self-learning data; validated, then used by each model''s training.';


-- ---------------------------------------------------------------------------------------------
-- 9.4 training_jobs
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.training_jobs (
    id SERIAL PRIMARY KEY,

    job_name VARCHAR(200) NOT NULL,  -- e.g. 'nlu_daily_training_20240315'
    model_type VARCHAR(50) NOT NULL CHECK (model_type IN ('nlu', 'rag', 'recommendation')),
    model_version VARCHAR(50),

    training_config JSONB NOT NULL,  -- {"epochs", "batch_size", "learning_rate", "validation_split", ...}

    data_count INTEGER NOT NULL,
    train_count INTEGER,
    validation_count INTEGER,
    test_count INTEGER,

    scheduled_at TIMESTAMP WITH TIME ZONE,
    start_time TIMESTAMP WITH TIME ZONE,
    end_time TIMESTAMP WITH TIME ZONE,
    duration_seconds INTEGER GENERATED ALWAYS AS (
        EXTRACT(EPOCH FROM (end_time - start_time))
    ) STORED,

    status VARCHAR(20) NOT NULL DEFAULT 'scheduled' CHECK (status IN (
        'scheduled', 'queued', 'preparing', 'training', 'evaluating', 'completed', 'failed', 'cancelled'
    )),

    metrics JSONB,  -- {"accuracy", "precision", "recall", "f1_score", "loss", "val_accuracy", ...}
    improvement_rate DECIMAL(5,4),

    model_path TEXT,
    model_size_mb DECIMAL(10,2),
    checkpoint_path TEXT,

    log_path TEXT,
    error_message TEXT,
    warnings JSONB,

    created_by VARCHAR(100) DEFAULT 'system',
    triggered_by VARCHAR(50) CHECK (triggered_by IN ('scheduled', 'manual', 'threshold', 'performance')),

    CONSTRAINT training_jobs_data_counts CHECK (
        train_count + validation_count + test_count <= data_count
    )
);

CREATE INDEX idx_training_jobs_status ON ml_training.training_jobs(status, scheduled_at);
CREATE INDEX idx_training_jobs_model_type ON ml_training.training_jobs(model_type, start_time DESC);
CREATE INDEX idx_training_jobs_metrics ON ml_training.training_jobs USING GIN(metrics);

COMMENT ON TABLE ml_training.training_jobs IS 'Model training jobs: configuration, progress, results.';


-- ---------------------------------------------------------------------------------------------
-- 9.5 model_versions
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.model_versions (
    id SERIAL PRIMARY KEY,

    model_type VARCHAR(50) NOT NULL CHECK (model_type IN ('nlu', 'rag', 'recommendation')),
    version VARCHAR(20) NOT NULL,  -- semantic version, e.g. '1.2.3'
    version_name VARCHAR(100),

    base_model VARCHAR(100),
    architecture JSONB,

    training_job_id INTEGER REFERENCES ml_training.training_jobs(id),
    training_data_stats JSONB,

    performance_metrics JSONB NOT NULL,
    benchmark_results JSONB,

    is_active BOOLEAN DEFAULT FALSE,
    deployment_status VARCHAR(20) CHECK (deployment_status IN (
        'development', 'testing', 'staging', 'production', 'deprecated', 'archived'
    )),

    model_path TEXT NOT NULL,
    model_size_mb DECIMAL(10,2),
    checksum VARCHAR(64),  -- SHA-256

    ab_test_group VARCHAR(10),
    traffic_percentage DECIMAL(5,2) DEFAULT 0.00,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    created_by VARCHAR(100) DEFAULT 'system',
    deployed_at TIMESTAMP WITH TIME ZONE,
    retired_at TIMESTAMP WITH TIME ZONE,

    notes TEXT,

    CONSTRAINT model_versions_unique_version UNIQUE (model_type, version),
    CONSTRAINT model_versions_traffic_check CHECK (traffic_percentage >= 0 AND traffic_percentage <= 100)
);

CREATE INDEX idx_model_versions_active ON ml_training.model_versions(model_type, is_active)
    WHERE is_active = TRUE;
CREATE INDEX idx_model_versions_deployment ON ml_training.model_versions(deployment_status);
CREATE INDEX idx_model_versions_performance ON ml_training.model_versions USING GIN(performance_metrics);
-- ADDED: the trigger below deactivates the other versions, but two concurrent activations cannot
-- see each other's new row; this index makes the second one fail instead of leaving two active.
CREATE UNIQUE INDEX uq_model_versions_one_active ON ml_training.model_versions(model_type)
    WHERE is_active = TRUE;

CREATE OR REPLACE FUNCTION ml_training.ensure_single_active_model()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.is_active = TRUE THEN
        UPDATE ml_training.model_versions
           SET is_active = FALSE
         WHERE model_type = NEW.model_type
           AND id != NEW.id
           AND is_active = TRUE;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER ensure_single_active_model_trigger
    BEFORE INSERT OR UPDATE ON ml_training.model_versions
    FOR EACH ROW
    WHEN (NEW.is_active = TRUE)
    EXECUTE FUNCTION ml_training.ensure_single_active_model();

COMMENT ON TABLE ml_training.model_versions IS 'Model versions: performance, deployment state, A/B tests. At most one active per model_type.';


-- ---------------------------------------------------------------------------------------------
-- 9.6 performance_metrics
-- FIX: the seed created a monthly partition of a table never declared PARTITION BY, with a primary
-- key lacking the partition key. This table gets one row per model per measurement window (~24 a
-- day per model), far too little to need partitioning, so it is a plain table.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.performance_metrics (
    id BIGSERIAL PRIMARY KEY,

    model_type VARCHAR(50) NOT NULL,
    model_version_id INTEGER REFERENCES ml_training.model_versions(id),

    measured_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    measurement_window_minutes INTEGER DEFAULT 60,

    request_count BIGINT NOT NULL,
    success_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL DEFAULT 0,

    success_rate DECIMAL(5,4) GENERATED ALWAYS AS (
        CASE WHEN request_count > 0
        THEN success_count::DECIMAL / request_count
        ELSE 0 END
    ) STORED,

    avg_response_time_ms DECIMAL(10,2),
    min_response_time_ms INTEGER,
    max_response_time_ms INTEGER,
    p50_response_time_ms INTEGER,
    p95_response_time_ms INTEGER,
    p99_response_time_ms INTEGER,

    model_specific_metrics JSONB,

    cpu_usage_percent DECIMAL(5,2),
    memory_usage_mb DECIMAL(10,2),
    gpu_usage_percent DECIMAL(5,2),

    user_satisfaction_score DECIMAL(3,2),  -- 0.00 - 5.00
    business_value_score DECIMAL(10,2),

    CONSTRAINT performance_metrics_counts CHECK (
        success_count <= request_count AND
        error_count <= request_count
    )
);

CREATE INDEX idx_performance_metrics_model ON ml_training.performance_metrics(
    model_type, model_version_id, measured_at DESC
);
CREATE INDEX idx_performance_metrics_time ON ml_training.performance_metrics(measured_at DESC);
CREATE INDEX idx_performance_metrics_performance ON ml_training.performance_metrics(
    success_rate DESC, avg_response_time_ms
);

COMMENT ON TABLE ml_training.performance_metrics IS 'Per-model production performance, one row per measurement window.';


-- ---------------------------------------------------------------------------------------------
-- 9.7 nlu_training_data (curated NLU training set)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.nlu_training_data (
    id BIGSERIAL PRIMARY KEY,

    -- FIX: the seed's "conversation_id BIGINT REFERENCES chatbot.conversations(id)" cannot be
    -- created: conversations is partitioned and its only unique keys are (id, "timestamp") and
    -- (event_id, "timestamp"). A composite foreign key would fire (SET NULL / CASCADE) whenever
    -- create_conversation_partitions() moves rows out of the default partition, and training data
    -- must outlive the conversation retention anyway, so it is a soft reference (id + timestamp).
    conversation_id BIGINT,
    conversation_timestamp TIMESTAMP WITH TIME ZONE,
    -- FIX: ON DELETE SET NULL (seed: NO ACTION): purging processed queue rows must not be blocked.
    data_queue_id BIGINT REFERENCES ml_training.data_queue(id) ON DELETE SET NULL,
    -- ADDED: the user whose message this was (NULL for shipped / hand-written data): a privacy
    -- delete of the user removes it, the 30-day session clean-up does not.
    user_id INTEGER REFERENCES chatbot.users(id) ON DELETE CASCADE,

    input_text TEXT NOT NULL,  -- masked (ml_training.mask_pii) when collected automatically
    normalized_text TEXT,

    true_intent chatbot.intent_name NOT NULL,
    true_entities JSONB,

    predicted_intent VARCHAR(50),
    predicted_entities JSONB,
    prediction_confidence DECIMAL(4,3),

    label_source VARCHAR(50) CHECK (label_source IN ('auto', 'manual', 'verified', 'corrected', 'weak')),
    labeler_id VARCHAR(100),

    text_quality_score DECIMAL(4,3),
    label_confidence DECIMAL(4,3),

    text_features JSONB,  -- {"length", "word_count", "has_question", "has_price", ...}

    is_used_for_training BOOLEAN DEFAULT FALSE,
    training_job_ids INTEGER[],

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,

    is_augmented BOOLEAN DEFAULT FALSE,
    augmentation_method VARCHAR(50),  -- synonym, paraphrase, noise
    -- FIX: ON DELETE CASCADE (seed: NO ACTION): otherwise an augmented copy blocks deleting its
    -- original, e.g. in a privacy delete; augmentations of a deleted example go with it.
    original_data_id BIGINT REFERENCES ml_training.nlu_training_data(id) ON DELETE CASCADE
);

CREATE INDEX idx_nlu_training_intent ON ml_training.nlu_training_data(true_intent);
CREATE INDEX idx_nlu_training_quality ON ml_training.nlu_training_data(
    text_quality_score DESC, label_confidence DESC
) WHERE text_quality_score > 0.5;
CREATE INDEX idx_nlu_training_unused ON ml_training.nlu_training_data(is_used_for_training)
    WHERE is_used_for_training = FALSE;
CREATE INDEX idx_nlu_training_entities ON ml_training.nlu_training_data USING GIN(true_entities);
-- ADDED: the collection trigger copies a conversation once; FK look-ups.
CREATE UNIQUE INDEX uq_nlu_training_conversation ON ml_training.nlu_training_data(conversation_id)
    WHERE conversation_id IS NOT NULL AND is_augmented IS NOT TRUE;
CREATE INDEX idx_nlu_training_user ON ml_training.nlu_training_data(user_id);
CREATE INDEX idx_nlu_training_queue ON ml_training.nlu_training_data(data_queue_id);
CREATE INDEX idx_nlu_training_original ON ml_training.nlu_training_data(original_data_id);

CREATE TRIGGER update_nlu_training_updated_at
    BEFORE UPDATE ON ml_training.nlu_training_data
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE ml_training.nlu_training_data IS 'Labelled NLU examples (intent + entities). Auto-collected rows (label_source auto) are used only once verified/corrected.';


-- ---------------------------------------------------------------------------------------------
-- 9.8 rag_embeddings_queue
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.rag_embeddings_queue (
    id BIGSERIAL PRIMARY KEY,

    document_id VARCHAR(100) NOT NULL,  -- 'shop_123', 'menu_456'
    document_type VARCHAR(50) NOT NULL CHECK (document_type IN ('shop', 'menu', 'review', 'faq', 'notice')),

    title VARCHAR(500),
    content TEXT NOT NULL,
    metadata JSONB,

    embedding_model VARCHAR(100),
    embedding_vector REAL[],  -- pgvector is not available everywhere: a plain array
    embedding_dimension INTEGER,

    search_count INTEGER DEFAULT 0,
    click_count INTEGER DEFAULT 0,
    relevance_score DECIMAL(4,3),

    positive_feedback INTEGER DEFAULT 0,
    negative_feedback INTEGER DEFAULT 0,
    quality_score DECIMAL(4,3) GENERATED ALWAYS AS (
        CASE
            WHEN (positive_feedback + negative_feedback) > 0
            THEN positive_feedback::DECIMAL / (positive_feedback + negative_feedback)
            ELSE 0.5
        END
    ) STORED,

    needs_reembedding BOOLEAN DEFAULT FALSE,
    reembedding_reason VARCHAR(100),
    last_embedded_at TIMESTAMP WITH TIME ZONE,

    status VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'pending', 'processing', 'inactive', 'error')),

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT rag_embeddings_vector_dimension CHECK (
        array_length(embedding_vector, 1) = embedding_dimension
    )
);

CREATE INDEX idx_rag_embeddings_document ON ml_training.rag_embeddings_queue(document_type, document_id);
CREATE INDEX idx_rag_embeddings_quality ON ml_training.rag_embeddings_queue(quality_score DESC)
    WHERE status = 'active';
CREATE INDEX idx_rag_embeddings_reembedding ON ml_training.rag_embeddings_queue(needs_reembedding)
    WHERE needs_reembedding = TRUE;
-- The seed's ivfflat index needs pgvector, which is not among our extensions: not created.

CREATE TRIGGER update_rag_embeddings_updated_at
    BEFORE UPDATE ON ml_training.rag_embeddings_queue
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE ml_training.rag_embeddings_queue IS 'Documents for retrieval and their embeddings; re-embedding queue.';


-- ---------------------------------------------------------------------------------------------
-- 9.9 recommendation_feedback
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ml_training.recommendation_feedback (
    id BIGSERIAL PRIMARY KEY,

    -- FIX: all three with ON DELETE CASCADE (seed 002: every session-bound table cascades from
    -- session_master; seed 000 had NO ACTION, which blocked deleting a session or a user).
    recommendation_log_id BIGINT REFERENCES chatbot.recommendations_log(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES chatbot.users(id) ON DELETE CASCADE,
    session_id UUID NOT NULL REFERENCES chatbot.session_master(session_id) ON DELETE CASCADE,

    recommended_shops JSONB NOT NULL,  -- [{"shop_id", "rank", "score", "reason_codes"}]

    user_action VARCHAR(50) NOT NULL CHECK (user_action IN (
        'viewed', 'clicked', 'selected', 'ignored', 'scrolled_past'
    )),

    selected_shop_id INTEGER REFERENCES chatbot.shops(id),
    action_timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
    time_to_action_ms INTEGER,

    interaction_details JSONB,
    context_features JSONB NOT NULL,  -- {"time_of_day", "day_of_week", "location": {"lat", "lng"}, "budget", "companions"}
    user_features JSONB NOT NULL,     -- {"preferred_categories", "avg_budget", "total_orders", ...}

    explicit_rating INTEGER CHECK (explicit_rating >= 1 AND explicit_rating <= 5),
    implicit_satisfaction DECIMAL(4,3),

    learning_value DECIMAL(4,3),
    is_outlier BOOLEAN DEFAULT FALSE,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    device_type VARCHAR(50),
    app_version VARCHAR(20),

    CONSTRAINT recommendation_feedback_action_consistency CHECK (
        (user_action = 'selected' AND selected_shop_id IS NOT NULL) OR
        (user_action != 'selected' AND selected_shop_id IS NULL)
    )
);

CREATE INDEX idx_recommendation_feedback_user ON ml_training.recommendation_feedback(user_id, created_at DESC);
CREATE INDEX idx_recommendation_feedback_action ON ml_training.recommendation_feedback(user_action, selected_shop_id);
CREATE INDEX idx_recommendation_feedback_learning ON ml_training.recommendation_feedback(learning_value DESC)
    WHERE learning_value > 0.5;
CREATE INDEX idx_recommendation_feedback_features ON ml_training.recommendation_feedback
    USING GIN(context_features, user_features);
-- ADDED: cascade deletes look these up.
CREATE INDEX idx_recommendation_feedback_session ON ml_training.recommendation_feedback(session_id);
CREATE INDEX idx_recommendation_feedback_log ON ml_training.recommendation_feedback(recommendation_log_id);

COMMENT ON TABLE ml_training.recommendation_feedback IS 'User feedback on recommendations, for the recommender.';


-- ---------------------------------------------------------------------------------------------
-- 9.10 automatic training-data collection
-- ---------------------------------------------------------------------------------------------
-- 1. NLU: every conversation whose intent_confidence >= 0.7 is copied into ml_training.data_queue
--    (model_type 'nlu') and, as a weak label (label_source 'auto'), into ml_training.nlu_training_data.
--    What made the seed's version fail, and what changed:
--      * the seed's data_queue CHECK raised on every JSON object (fixed on the table above);
--      * the text is masked with ml_training.mask_pii() before it is stored for training (§8.6);
--      * conversations without an intent are skipped (nlu_training_data.true_intent is NOT NULL);
--      * idempotent (ON CONFLICT DO NOTHING on uq_ml_queue_source / uq_nlu_training_conversation);
--      * threshold ">= 0.7" instead of "> 0.7", so a confidence of exactly 0.700 counts.
--    A row trigger on the partitioned parent is cloned to every partition, present and future, and
--    NEW.id / NEW."timestamp" identify the row uniquely (primary key (id, "timestamp")).
CREATE OR REPLACE FUNCTION ml_training.collect_nlu_training_data()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
DECLARE
    c_min_confidence CONSTANT NUMERIC := 0.700;
    v_queue_id BIGINT;
    v_text TEXT;
BEGIN
    IF NEW.intent_confidence >= c_min_confidence AND NEW.extracted_intent IS NOT NULL THEN
        v_text := ml_training.mask_pii(NEW.input_text);

        INSERT INTO ml_training.data_queue (
            model_type, raw_data, quality_score, source_table, source_id, user_id, session_id
        ) VALUES (
            'nlu',
            jsonb_build_object(
                'input_text', v_text,
                'intent', NEW.extracted_intent,
                'entities', NEW.extracted_entities,
                'confidence', NEW.intent_confidence,
                'conversation_timestamp', NEW."timestamp",
                'channel', NEW.channel
            ),
            NEW.intent_confidence,
            'conversations',
            NEW.id,
            NEW.user_id,
            NEW.session_id
        )
        ON CONFLICT (model_type, source_table, source_id)
            WHERE source_table IS NOT NULL AND source_id IS NOT NULL
        DO NOTHING
        RETURNING id INTO v_queue_id;

        IF v_queue_id IS NOT NULL THEN
            INSERT INTO ml_training.nlu_training_data (
                conversation_id, conversation_timestamp, data_queue_id, user_id,
                input_text, true_intent, true_entities,
                predicted_intent, predicted_entities, prediction_confidence,
                label_source, labeler_id, label_confidence
            ) VALUES (
                NEW.id, NEW."timestamp", v_queue_id, NEW.user_id,
                v_text, NEW.extracted_intent, NEW.extracted_entities,
                NEW.extracted_intent, NEW.extracted_entities, NEW.intent_confidence,
                'auto', 'trigger:collect_nlu_training_data', NEW.intent_confidence
            )
            ON CONFLICT (conversation_id) WHERE conversation_id IS NOT NULL AND is_augmented IS NOT TRUE
            DO NOTHING;
        END IF;
    END IF;
    RETURN NULL;  -- AFTER trigger: return value ignored
END;
$$;

CREATE TRIGGER trigger_collect_nlu_data
    AFTER INSERT ON chatbot.conversations
    FOR EACH ROW
    EXECUTE FUNCTION ml_training.collect_nlu_training_data();


-- 2. Recommendation feedback: when a user's final selection is first recorded. Idempotent too.
CREATE OR REPLACE FUNCTION ml_training.collect_recommendation_feedback()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.user_final_selection IS NOT NULL AND OLD.user_final_selection IS NULL THEN
        INSERT INTO ml_training.data_queue (
            model_type, raw_data, quality_score, source_table, source_id, user_id, session_id
        ) VALUES (
            'recommendation',
            jsonb_build_object(
                'recommendations', NEW.recommendations,
                'user_selection', NEW.user_final_selection,
                'time_to_decision', NEW.time_to_decision_ms,
                'context', NEW.request_entities
            ),
            CASE
                WHEN NEW.time_to_decision_ms < 5000 THEN 0.9
                WHEN NEW.time_to_decision_ms < 30000 THEN 0.7
                ELSE 0.5
            END,
            'recommendations_log',
            NEW.id,
            NEW.user_id,
            NEW.session_id
        )
        ON CONFLICT (model_type, source_table, source_id)
            WHERE source_table IS NOT NULL AND source_id IS NOT NULL
        DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trigger_collect_recommendation_feedback
    AFTER UPDATE ON chatbot.recommendations_log
    FOR EACH ROW
    WHEN (OLD.user_final_selection IS NULL AND NEW.user_final_selection IS NOT NULL)
    EXECUTE FUNCTION ml_training.collect_recommendation_feedback();


-- ---------------------------------------------------------------------------------------------
-- 9.11 views
-- ---------------------------------------------------------------------------------------------
CREATE VIEW ml_training.v_nlu_ready_for_training AS
SELECT
    ntd.id,
    ntd.input_text,
    ntd.true_intent,
    ntd.true_entities,
    ntd.text_quality_score * ntd.label_confidence AS overall_quality,
    COUNT(*) OVER (PARTITION BY ntd.true_intent) AS intent_count
FROM ml_training.nlu_training_data ntd
WHERE ntd.is_used_for_training = FALSE
  AND ntd.text_quality_score > 0.6
  AND ntd.label_confidence > 0.7
  AND ntd.label_source IN ('verified', 'corrected', 'manual')
ORDER BY overall_quality DESC;

CREATE VIEW ml_training.v_recommendation_training_data AS
SELECT
    rf.id,
    rf.user_id,
    rf.recommended_shops,
    rf.selected_shop_id,
    rf.user_action,
    rf.context_features,
    rf.user_features,
    rf.implicit_satisfaction,
    rf.learning_value,
    CASE
        WHEN rf.user_action = 'selected' THEN 1.0
        WHEN rf.user_action = 'clicked' THEN 0.5
        ELSE 0.0
    END AS reward
FROM ml_training.recommendation_feedback rf
WHERE rf.is_outlier = FALSE
  AND rf.learning_value > 0.5
ORDER BY rf.created_at DESC;

-- FIX: the seed filtered "WHERE pm.measured_at > ..." after a LEFT JOIN, which silently turned it
-- into an inner join (a model version without recent metrics vanished from the dashboard). The
-- time condition belongs in the join condition.
CREATE VIEW ml_training.v_model_performance_dashboard AS
SELECT
    mv.model_type,
    mv.version,
    mv.is_active,
    pm.measured_at,
    pm.request_count,
    pm.success_rate,
    pm.avg_response_time_ms,
    pm.model_specific_metrics,
    mv.traffic_percentage
FROM ml_training.model_versions mv
LEFT JOIN ml_training.performance_metrics pm
       ON mv.id = pm.model_version_id
      AND pm.measured_at > CURRENT_TIMESTAMP - INTERVAL '24 hours'
ORDER BY mv.model_type, pm.measured_at DESC;


-- ---------------------------------------------------------------------------------------------
-- 9.12 scheduling functions
-- ---------------------------------------------------------------------------------------------
-- FIX: the seed's RETURNS TABLE(model_type ...) declares an output variable named model_type, so
-- "WHERE model_type = 'nlu'" in its UPDATEs is ambiguous (error 42702 at the first call). The
-- table is aliased and every column qualified.
CREATE OR REPLACE FUNCTION ml_training.prepare_daily_training_data()
RETURNS TABLE(model_type VARCHAR, data_count INTEGER, avg_quality DECIMAL)
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE ml_training.data_queue dq
       SET status = 'ready',
           processed_at = CURRENT_TIMESTAMP
     WHERE dq.model_type = 'nlu'
       AND dq.status = 'pending'
       AND dq.quality_score > 0.6
       AND dq.created_at > CURRENT_TIMESTAMP - INTERVAL '1 day';

    UPDATE ml_training.data_queue dq
       SET status = 'ready',
           processed_at = CURRENT_TIMESTAMP
     WHERE dq.model_type = 'recommendation'
       AND dq.status = 'pending'
       AND dq.quality_score > 0.5
       AND dq.created_at > CURRENT_TIMESTAMP - INTERVAL '1 day';

    RETURN QUERY
    SELECT
        dq.model_type::VARCHAR,
        COUNT(*)::INTEGER,
        AVG(dq.quality_score)::DECIMAL(4,3)
    FROM ml_training.data_queue dq
    WHERE dq.status = 'ready'
      AND dq.processed_at > CURRENT_TIMESTAMP - INTERVAL '1 hour'
    GROUP BY dq.model_type;
END;
$$;

CREATE OR REPLACE FUNCTION ml_training.create_training_job(
    p_model_type VARCHAR,
    p_training_config JSONB
) RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    v_job_id INTEGER;
    v_data_count INTEGER;
BEGIN
    SELECT COUNT(*) INTO v_data_count
      FROM ml_training.data_queue
     WHERE model_type = p_model_type
       AND status = 'ready';

    -- Minimum amount of data per model.
    IF (p_model_type = 'nlu' AND v_data_count < 100) OR
       (p_model_type = 'recommendation' AND v_data_count < 500) OR
       (p_model_type = 'rag' AND v_data_count < 50) THEN
        RAISE EXCEPTION 'not enough training data for %: % ready rows', p_model_type, v_data_count;
    END IF;

    INSERT INTO ml_training.training_jobs (
        job_name, model_type, training_config, data_count, status, scheduled_at, triggered_by
    ) VALUES (
        format('%s_training_%s', p_model_type, to_char(CURRENT_TIMESTAMP, 'YYYYMMDD_HH24MI')),
        p_model_type,
        p_training_config,
        v_data_count,
        'scheduled',
        CURRENT_TIMESTAMP + INTERVAL '10 minutes',
        'scheduled'
    ) RETURNING id INTO v_job_id;

    UPDATE ml_training.data_queue
       SET status = 'training'
     WHERE model_type = p_model_type
       AND status = 'ready';

    RETURN v_job_id;
END;
$$;

COMMENT ON FUNCTION ml_training.prepare_daily_training_data() IS 'Daily: marks pending queue rows that meet the quality bar as ready; returns counts per model.';
COMMENT ON FUNCTION ml_training.create_training_job(VARCHAR, JSONB) IS 'Creates a training job when enough ready data exists; marks that data as training.';


-- ---------------------------------------------------------------------------------------------
-- ADDED: analytics - daily turn statistics for the operator overview (days in Asia/Seoul).
-- ---------------------------------------------------------------------------------------------
CREATE VIEW analytics.v_daily_conversation_stats AS
SELECT
    (c."timestamp" AT TIME ZONE 'Asia/Seoul')::date AS day,
    c.channel,
    c.extracted_intent AS intent,
    COUNT(*) AS turns,
    COUNT(DISTINCT c.user_id) AS users,
    AVG(c.intent_confidence)::DECIMAL(4,3) AS avg_confidence,
    AVG(c.processing_time_ms)::INTEGER AS avg_processing_ms,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY c.processing_time_ms) AS p95_processing_ms
FROM chatbot.conversations c
GROUP BY 1, 2, 3;

COMMENT ON VIEW analytics.v_daily_conversation_stats IS 'Turns per day (Asia/Seoul), channel and intent, with confidence and latency.';
