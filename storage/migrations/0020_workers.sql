-- 0020: what the RQ workers and the scheduler need (issue #8).
--   * chatbot.push_outbox: every proactive push (low-balance alert, coupon announcement, expiry notice) is a row
--     first, created in the same transaction as the fact it announces. The row carries the push's
--     X-Line-Retry-Key, so every retry of the same push (RQ retry, `python -m workers retry`, a second sender)
--     sends the same key and LINE delivers it once; not_before holds a push back during quiet hours.
--   * chatbot.job_runs: "this job has run for this slot", for scheduled jobs that are not naturally idempotent
--     (the popularity EMA must not decay twice when two schedulers enqueue the same slot).
--   * indexes for the scans the workers run every few minutes.

CREATE TABLE chatbot.push_outbox (
    id BIGSERIAL PRIMARY KEY,
    -- What the push is about, unique: 'low_balance:<card_id>:<alert time>', 'coupon:<wallet_id>',
    -- 'coupon_expiring:<wallet_id>'. Creating the same push twice (a job run twice) is a no-op.
    push_key VARCHAR(150) NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES chatbot.users(id) ON DELETE CASCADE,
    kind VARCHAR(30) NOT NULL CHECK (kind IN ('low_balance', 'coupon_issued', 'coupon_expiring')),
    -- Kept for the life of the row: LINE's X-Line-Retry-Key (a UUID, accepted once within 24 h).
    retry_key UUID NOT NULL DEFAULT gen_random_uuid(),
    payload JSONB NOT NULL CHECK (jsonb_typeof(payload) = 'object'),  -- what the text needs (balance, coupon name, ...)
    status VARCHAR(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
    not_before TIMESTAMP WITH TIME ZONE NOT NULL,    -- quiet hours 22:00-08:00 Asia/Seoul: the next 08:00
    claimed_until TIMESTAMP WITH TIME ZONE,          -- a sender's short lease while it calls the platform
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at TIMESTAMP WITH TIME ZONE,

    CONSTRAINT push_outbox_sent_has_time CHECK (status <> 'sent' OR sent_at IS NOT NULL)
);

CREATE INDEX idx_push_outbox_due ON chatbot.push_outbox(not_before) WHERE status = 'pending';
CREATE INDEX idx_push_outbox_user ON chatbot.push_outbox(user_id, created_at DESC);

COMMENT ON TABLE chatbot.push_outbox IS
    'Proactive pushes, one row each, created with the fact they announce; retry_key makes a retried LINE push arrive once.';


CREATE TABLE chatbot.job_runs (
    job_name VARCHAR(100) NOT NULL,
    slot TIMESTAMP WITH TIME ZONE NOT NULL,  -- the schedule slot the run belongs to (e.g. the 5-minute mark)
    ran_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    details JSONB,
    PRIMARY KEY (job_name, slot)
);

COMMENT ON TABLE chatbot.job_runs IS
    'One row per run of a slot-bound job: INSERT ... ON CONFLICT DO NOTHING in the job''s own transaction makes it run once per slot.';


-- The low-balance scan looks only at active cards under their threshold (a small part of all cards).
CREATE INDEX idx_foodcard_low_active ON chatbot.foodcard_users(id)
    WHERE status = 'ACTIVE' AND balance < balance_alert_threshold;

-- The flag reset looks only at cards whose alert was sent.
CREATE INDEX idx_foodcard_alert_sent ON chatbot.foodcard_users(balance_alert_sent_at)
    WHERE balance_alert_sent;

-- The popularity EMA reads the recommendations of the last 24 h every 5 minutes.
CREATE INDEX idx_recommendations_time ON chatbot.recommendations_log("timestamp");

-- Coupon expiry and expiry notices scan active wallet rows by expiry time (idx_user_coupon_expires exists);
-- notices look only at rows not yet notified.
CREATE INDEX idx_user_coupon_expiry_notice ON chatbot.user_coupon_wallet(expires_at)
    WHERE status = 'ACTIVE' AND expiry_notified IS NOT TRUE;


-- Privileges: 0005's ALTER DEFAULT PRIVILEGES already give naviyam_app these tables and sequences.
