-- 0002: core reference and user tables (seed 000 §3.1-§3.7) plus ops.audit_log.
-- Every deviation from the seed carries a comment starting with "FIX:" (seed cannot work as written)
-- or "ADDED:" (the product needs it).

-- ---------------------------------------------------------------------------------------------
-- 3.1 shops
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.shops (
    id SERIAL PRIMARY KEY,

    shop_name VARCHAR(200) NOT NULL,
    category VARCHAR(100) NOT NULL CHECK (category IN (
        '한식', '중식', '일식', '양식', '치킨', '피자', '패스트푸드',
        '분식', '카페/디저트', '도시락/죽', '프랜차이즈', '기타음식', '편의점'
    )),  -- 13 fixed categories

    address_name TEXT NOT NULL,           -- lot-number address (지번)
    road_address_name TEXT,               -- road-name address (도로명)
    -- ADDED: neighbourhood the shop is known by (건대입구, 신림, 강남역, ...): the entity "location"
    -- of CONTRACTS §6 is matched against it.
    neighbourhood VARCHAR(50),

    is_good_influence_shop BOOLEAN NOT NULL DEFAULT FALSE,  -- 선한영향력/착한가게
    is_food_card_shop CHAR(1) NOT NULL DEFAULT 'U' CHECK (is_food_card_shop IN ('Y', 'N', 'P', 'U')),
    -- Y: meal card accepted, N: not accepted, P: partially accepted, U: unknown

    business_hours JSONB,  -- {"monday": {"open": "09:00", "close": "22:00", "break_start": "15:00", "break_end": "17:00"}, ..., "holiday": {"closed": true}}

    phone VARCHAR(20),
    owner_message TEXT,

    -- FIX (seed 000 §4.1 / §5.2 step 11 use GEOGRAPHY and ST_DWithin): PostGIS is not available on
    -- every server we run on. Plain DECIMAL coordinates (8 decimals ~ 1.1 mm), searched with the
    -- earthdistance GiST index idx_shops_earth or the bounding-box btree idx_shops_location.
    latitude DECIMAL(10, 8) NOT NULL,
    longitude DECIMAL(11, 8) NOT NULL,

    -- ADDED: group dining (seed 000 §5.3 scenario 3 filters on seats >= N, group reservation, room).
    seat_count INTEGER CHECK (seat_count >= 0),
    accepts_group_reservation BOOLEAN NOT NULL DEFAULT FALSE,
    has_private_room BOOLEAN NOT NULL DEFAULT FALSE,

    current_status VARCHAR(20) NOT NULL DEFAULT 'UNKNOWN'
        CHECK (current_status IN ('OPEN', 'CLOSED', 'BREAK_TIME', 'UNKNOWN')),

    popularity_score DECIMAL(4,3) DEFAULT 0.000 CHECK (popularity_score >= 0 AND popularity_score <= 1),
    quality_score DECIMAL(4,3) DEFAULT 0.000 CHECK (quality_score >= 0 AND quality_score <= 1),
    recommendation_count INTEGER DEFAULT 0 CHECK (recommendation_count >= 0),

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    data_source VARCHAR(50) DEFAULT 'manual',  -- 'manual', 'crawled', 'api', 'user_generated'

    CONSTRAINT shops_location_check CHECK (
        latitude >= -90 AND latitude <= 90 AND
        longitude >= -180 AND longitude <= 180
    ),
    -- FIX: the seed's Excel import (§7.1) does ON CONFLICT (shop_name, address_name), which needs a
    -- unique constraint on exactly these columns; the seed had none (the import would error out).
    CONSTRAINT shops_name_address_unique UNIQUE (shop_name, address_name)
);

CREATE INDEX idx_shops_category ON chatbot.shops(category);
CREATE INDEX idx_shops_good_influence ON chatbot.shops(is_good_influence_shop) WHERE is_good_influence_shop = TRUE;
CREATE INDEX idx_shops_food_card ON chatbot.shops(is_food_card_shop) WHERE is_food_card_shop != 'N';
CREATE INDEX idx_shops_location ON chatbot.shops(latitude, longitude);  -- bounding-box search
CREATE INDEX idx_shops_popularity ON chatbot.shops(popularity_score DESC);
CREATE INDEX idx_shops_status ON chatbot.shops(current_status) WHERE current_status = 'OPEN';
CREATE INDEX idx_shops_name_gin ON chatbot.shops USING gin(shop_name gin_trgm_ops);
-- ADDED: radius search with earthdistance (replaces the GEOGRAPHY index the seed implied).
CREATE INDEX idx_shops_earth ON chatbot.shops USING gist (chatbot.earth_point(latitude, longitude));
-- ADDED: neighbourhood filter and group-dining filter.
CREATE INDEX idx_shops_neighbourhood ON chatbot.shops(neighbourhood);
CREATE INDEX idx_shops_group ON chatbot.shops(seat_count) WHERE accepts_group_reservation = TRUE;

CREATE TRIGGER update_shops_updated_at BEFORE UPDATE ON chatbot.shops
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE chatbot.shops IS 'Shops (가게). Coordinates are plain lat/lng; use chatbot.earth_point() for radius search.';
COMMENT ON COLUMN chatbot.shops.is_food_card_shop IS 'Meal card acceptance: Y yes, N no, P partial, U unknown.';
COMMENT ON COLUMN chatbot.shops.neighbourhood IS 'Neighbourhood name users type (건대입구, 신림, 강남역).';
COMMENT ON COLUMN chatbot.shops.seat_count IS 'Number of seats; NULL when unknown (group dining filter).';
COMMENT ON COLUMN chatbot.shops.popularity_score IS 'Recomputed every 5 min: 0.7 * previous + 0.3 * recent signal.';


-- ---------------------------------------------------------------------------------------------
-- 3.2 menus
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.menus (
    id SERIAL PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES chatbot.shops(id) ON DELETE CASCADE,

    menu_name VARCHAR(200) NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),  -- won
    description TEXT,
    category VARCHAR(100) CHECK (category IN (
        '메인메뉴', '세트메뉴', '사이드메뉴', '음료', '디저트', '기타'
    )),

    is_available BOOLEAN NOT NULL DEFAULT TRUE,
    is_popular BOOLEAN DEFAULT FALSE,

    options JSONB,  -- {"size": [{"name": "곱빼기", "price": 1000}], "spicy": [...], "extras": [...]}

    recommendation_frequency INTEGER DEFAULT 0 CHECK (recommendation_frequency >= 0),
    dietary_info VARCHAR(200),  -- e.g. '채식,할랄'

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT menus_shop_name_unique UNIQUE (shop_id, menu_name)
);

CREATE INDEX idx_menus_shop ON chatbot.menus(shop_id);
CREATE INDEX idx_menus_price ON chatbot.menus(price);
CREATE INDEX idx_menus_available ON chatbot.menus(is_available) WHERE is_available = TRUE;
CREATE INDEX idx_menus_popular ON chatbot.menus(is_popular) WHERE is_popular = TRUE;
-- ADDED: "치킨 먹고 싶어" matches menu names as well as shop names.
CREATE INDEX idx_menus_name_gin ON chatbot.menus USING gin(menu_name gin_trgm_ops);

CREATE TRIGGER update_menus_updated_at BEFORE UPDATE ON chatbot.menus
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE chatbot.menus IS 'Menu items of a shop; price in won.';


-- ---------------------------------------------------------------------------------------------
-- 3.3 users
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.users (
    id SERIAL PRIMARY KEY,

    -- FIX: the seed made external_user_id UNIQUE on its own, but the same id string can exist on two
    -- platforms (a Kakao botUserKey and a LINE userId are independent namespaces): the key is
    -- (platform, external_user_id), see users_platform_external_unique below.
    external_user_id VARCHAR(200) NOT NULL,
    platform VARCHAR(50) NOT NULL DEFAULT 'web' CHECK (platform IN (
        'web', 'mobile_app', 'kakao', 'line', 'facebook', 'test'
    )),

    -- ADDED: pseudonymous key computed by the application (e.g. an HMAC of platform + id); used in
    -- logs, operator pages and `bot privacy export|delete USER_KEY` instead of the raw platform id.
    user_key VARCHAR(64) UNIQUE,

    name VARCHAR(100),
    nickname VARCHAR(100),
    email VARCHAR(255) UNIQUE,
    phone_number VARCHAR(20),

    birth_date DATE,

    current_address TEXT,
    preferred_location VARCHAR(100),  -- e.g. '강남구', '건국대 근처'

    status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN (
        'ACTIVE', 'INACTIVE', 'SUSPENDED', 'DELETED'
    )),

    -- ADDED: proactive messages (low balance, emergency coupon). push_enabled is the user's choice;
    -- unfollowed_at is set when LINE reports unfollow/block (and cleared on re-follow): no push then.
    push_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    unfollowed_at TIMESTAMP WITH TIME ZONE,

    terms_agreed_at TIMESTAMP WITH TIME ZONE,
    privacy_agreed_at TIMESTAMP WITH TIME ZONE,
    marketing_agreed_at TIMESTAMP WITH TIME ZONE,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    last_login_at TIMESTAMP WITH TIME ZONE,

    -- FIX: the seed's character class [A-Z|a-z] also accepted '|' in the top-level domain.
    CONSTRAINT users_email_format CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT users_platform_external_unique UNIQUE (platform, external_user_id)
);

CREATE INDEX idx_users_external_id ON chatbot.users(external_user_id);
CREATE INDEX idx_users_platform ON chatbot.users(platform);
CREATE INDEX idx_users_status ON chatbot.users(status) WHERE status = 'ACTIVE';
-- ADDED: recipients of proactive pushes.
CREATE INDEX idx_users_pushable ON chatbot.users(platform, id)
    WHERE push_enabled = TRUE AND unfollowed_at IS NULL AND status = 'ACTIVE';

CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON chatbot.users
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE chatbot.users IS 'Bot users, one row per (platform, external_user_id).';
COMMENT ON COLUMN chatbot.users.user_key IS 'Pseudonymous key computed by the app; the only user id shown in logs and operator pages.';
COMMENT ON COLUMN chatbot.users.unfollowed_at IS 'Set on LINE unfollow/block; no push is sent while it is not NULL.';


-- ---------------------------------------------------------------------------------------------
-- 3.4 foodcard_users
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.foodcard_users (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES chatbot.users(id) ON DELETE CASCADE,

    card_number VARCHAR(50) UNIQUE,
    card_type VARCHAR(30) NOT NULL CHECK (card_type IN (
        '아동급식카드', '청소년급식카드', '취약계층지원카드', '기타'
    )),

    balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),  -- synced from the card system

    target_age_group VARCHAR(20) NOT NULL CHECK (target_age_group IN (
        '초등학생', '중학생', '고등학생', '대학생', '청년', '기타'
    )),

    status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN (
        'ACTIVE', 'INACTIVE', 'SUSPENDED', 'EXPIRED', 'LOST'
    )),

    balance_alert_threshold INTEGER DEFAULT 5000,  -- low-balance alert threshold (won)
    balance_alert_sent BOOLEAN DEFAULT FALSE,      -- alert sent (reset every 24 h)
    -- ADDED: when the alert was sent, so the 24 h reset can be computed (the seed had only the flag).
    balance_alert_sent_at TIMESTAMP WITH TIME ZONE,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    last_sync_at TIMESTAMP WITH TIME ZONE,

    CONSTRAINT foodcard_users_unique_user UNIQUE (user_id),
    -- ADDED: a "sent" flag without its time could never be reset by the 24 h job.
    CONSTRAINT foodcard_users_alert_sent_at CHECK (NOT balance_alert_sent OR balance_alert_sent_at IS NOT NULL)
);

CREATE INDEX idx_foodcard_user ON chatbot.foodcard_users(user_id);
CREATE INDEX idx_foodcard_status ON chatbot.foodcard_users(status) WHERE status = 'ACTIVE';
CREATE INDEX idx_foodcard_balance ON chatbot.foodcard_users(balance) WHERE balance < 5000;

COMMENT ON TABLE chatbot.foodcard_users IS 'Meal card (급식카드) holders. Synced with the card system every 5 minutes.';
COMMENT ON COLUMN chatbot.foodcard_users.balance IS 'Current balance in won (read-only for the bot, owned by the card system).';
COMMENT ON COLUMN chatbot.foodcard_users.last_sync_at IS 'Last sync with the card system.';
COMMENT ON COLUMN chatbot.foodcard_users.balance_alert_sent_at IS 'When the low-balance alert was sent; the flag is reset 24 h later.';

CREATE TRIGGER update_foodcard_users_updated_at BEFORE UPDATE ON chatbot.foodcard_users
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();


-- ---------------------------------------------------------------------------------------------
-- 3.5 user_profiles
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.user_profiles (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES chatbot.users(id) ON DELETE CASCADE,

    preferred_categories TEXT[] DEFAULT '{}',
    average_budget INTEGER,
    favorite_shops INTEGER[] DEFAULT '{}',
    conversation_style VARCHAR(20) DEFAULT 'friendly' CHECK (conversation_style IN (
        'friendly', 'formal', 'casual', 'brief'
    )),

    taste_preferences JSONB DEFAULT '{}',      -- {"매운맛": 0.8, "단맛": 0.3}
    companion_patterns TEXT[] DEFAULT '{}',    -- ['혼자', '친구', '가족']
    location_preferences TEXT[] DEFAULT '{}',  -- ['건국대', '강남']

    good_influence_preference DECIMAL(3,2) DEFAULT 0.50 CHECK (
        good_influence_preference >= 0 AND good_influence_preference <= 1
    ),
    interaction_count INTEGER DEFAULT 0,
    data_completeness DECIMAL(3,2) DEFAULT 0.00 CHECK (
        data_completeness >= 0 AND data_completeness <= 1
    ),

    recent_orders JSONB DEFAULT '[]',  -- last 10 orders [{"shop_id", "menu_name", "price", "order_date", "satisfaction"}]

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    last_updated TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT user_profiles_unique_user UNIQUE (user_id)
);

CREATE INDEX idx_user_profiles_user ON chatbot.user_profiles(user_id);
CREATE INDEX idx_user_profiles_categories ON chatbot.user_profiles USING GIN(preferred_categories);
CREATE INDEX idx_user_profiles_favorites ON chatbot.user_profiles USING GIN(favorite_shops);
CREATE INDEX idx_user_profiles_completeness ON chatbot.user_profiles(data_completeness DESC)
    WHERE data_completeness > 0.5;

CREATE TRIGGER update_user_profiles_updated_at BEFORE UPDATE ON chatbot.user_profiles
    FOR EACH ROW EXECUTE FUNCTION chatbot.update_updated_at_column();

COMMENT ON TABLE chatbot.user_profiles IS 'Personalisation profile (maps to the UserProfile class).';
COMMENT ON COLUMN chatbot.user_profiles.data_completeness IS 'Profile completeness 0.0-1.0, grows with onboarding.';
COMMENT ON COLUMN chatbot.user_profiles.recent_orders IS 'Last 10 orders, used for personalisation.';


-- ---------------------------------------------------------------------------------------------
-- 3.6 coupons
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.coupons (
    id VARCHAR(50) PRIMARY KEY,  -- 'WELCOME3000', 'EMERGENCY_FOOD_AID', ...

    coupon_name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    coupon_type VARCHAR(30) NOT NULL CHECK (coupon_type IN (
        'FIXED_AMOUNT', 'PERCENTAGE', 'FREEBIE', 'BOGO'
    )),

    discount_amount INTEGER CHECK (discount_amount > 0),
    discount_rate DECIMAL(3,2) CHECK (discount_rate > 0 AND discount_rate <= 1),
    max_discount_amount INTEGER,

    min_order_amount INTEGER DEFAULT 0,
    usage_type VARCHAR(30) NOT NULL CHECK (usage_type IN (
        'ALL', 'SHOP', 'CATEGORY', 'FOODCARD', 'NEW_USER', 'LOYALTY'
    )),

    target_categories TEXT[],
    applicable_shop_ids INTEGER[],
    target_user_types TEXT[],

    valid_from DATE NOT NULL DEFAULT CURRENT_DATE,
    valid_until DATE NOT NULL,

    max_issue_count INTEGER CHECK (max_issue_count >= 0),  -- NULL: unlimited
    max_use_per_user INTEGER DEFAULT 1,
    -- FIX: NOT NULL added: with the seed's nullable counters a NULL total_issued silently passed the
    -- over-issue CHECK below.
    total_issued INTEGER NOT NULL DEFAULT 0 CHECK (total_issued >= 0),
    total_used INTEGER NOT NULL DEFAULT 0 CHECK (total_used >= 0),

    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    priority_score DECIMAL(3,2) DEFAULT 0.50 CHECK (priority_score >= 0 AND priority_score <= 1),

    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    created_by VARCHAR(100),

    CONSTRAINT coupons_discount_check CHECK (
        (discount_amount IS NOT NULL AND discount_rate IS NULL) OR
        (discount_amount IS NULL AND discount_rate IS NOT NULL)
    ),
    CONSTRAINT coupons_valid_period CHECK (valid_until >= valid_from),
    -- ADDED: over-issue is impossible by constraint. Issue a coupon as
    --   UPDATE chatbot.coupons SET total_issued = total_issued + 1 WHERE id = $1
    -- in the same transaction as the wallet INSERT: when the limit is reached the UPDATE fails
    -- (check_violation) and the whole issue rolls back; concurrent issuers serialise on the row lock.
    CONSTRAINT coupons_issue_limit CHECK (max_issue_count IS NULL OR total_issued <= max_issue_count),
    CONSTRAINT coupons_used_le_issued CHECK (total_used <= total_issued)
);

CREATE INDEX idx_coupons_type ON chatbot.coupons(usage_type);
CREATE INDEX idx_coupons_active ON chatbot.coupons(is_active, valid_from, valid_until);
CREATE INDEX idx_coupons_categories ON chatbot.coupons USING GIN(target_categories);
CREATE INDEX idx_coupons_shops ON chatbot.coupons USING GIN(applicable_shop_ids);

COMMENT ON TABLE chatbot.coupons IS 'Coupon definitions. total_issued is incremented by the issuing transaction and can never exceed max_issue_count.';


-- ---------------------------------------------------------------------------------------------
-- 3.7 user_coupon_wallet
-- ---------------------------------------------------------------------------------------------
CREATE TABLE chatbot.user_coupon_wallet (
    id BIGSERIAL PRIMARY KEY,

    user_id INTEGER NOT NULL REFERENCES chatbot.users(id) ON DELETE CASCADE,
    coupon_id VARCHAR(50) NOT NULL REFERENCES chatbot.coupons(id),

    status VARCHAR(20) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN (
        'ACTIVE', 'USED', 'EXPIRED', 'CANCELLED'
    )),

    -- ADDED: idempotency key of the issuing job, e.g. 'EMERGENCY_FOOD_AID:<user>:<yyyy-mm-dd>':
    -- a job that runs twice (retry, two schedulers) inserts once (INSERT ... ON CONFLICT (issue_key) DO NOTHING).
    issue_key VARCHAR(100) UNIQUE,

    issued_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    issued_by VARCHAR(100) DEFAULT 'SYSTEM',
    acquisition_source VARCHAR(50) NOT NULL CHECK (acquisition_source IN (
        'WELCOME_BONUS', 'LOYALTY_REWARD', 'EMERGENCY_ASSIST',
        'PROMOTION', 'ADMIN_GRANT', 'REFERRAL'
    )),
    acquisition_context JSONB,  -- {"campaign_id": "2024_WELCOME", "trigger_event": "first_login", "referrer_user_id": 123}

    used_at TIMESTAMP WITH TIME ZONE,
    used_shop_id INTEGER REFERENCES chatbot.shops(id),
    used_order_amount INTEGER,
    discount_applied INTEGER,

    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expiry_notified BOOLEAN DEFAULT FALSE,

    usage_probability DECIMAL(4,3) DEFAULT 0.500 CHECK (usage_probability >= 0 AND usage_probability <= 1),
    recommended_usage_date DATE,

    -- FIX: the seed's UNIQUE (user_id, coupon_id, status) DEFERRABLE forbade a user from ever holding
    -- two USED (or two EXPIRED) coupons of the same kind, e.g. a second EMERGENCY_FOOD_AID next week.
    -- Replaced by the partial unique index uq_user_coupon_one_active below: at most one ACTIVE row
    -- per (user_id, coupon_id), any number of used/expired/cancelled ones.
    CONSTRAINT user_coupon_status_check CHECK (
        (status = 'USED' AND used_at IS NOT NULL) OR
        (status != 'USED' AND used_at IS NULL)
    ),
    -- ADDED: the seed's §7.2 validation query treats expires_at < issued_at as corrupt data.
    CONSTRAINT user_coupon_expiry_after_issue CHECK (issued_at IS NULL OR expires_at >= issued_at)
);

CREATE UNIQUE INDEX uq_user_coupon_one_active ON chatbot.user_coupon_wallet(user_id, coupon_id)
    WHERE status = 'ACTIVE';
CREATE INDEX idx_user_coupon_user_status ON chatbot.user_coupon_wallet(user_id, status);
CREATE INDEX idx_user_coupon_expires ON chatbot.user_coupon_wallet(expires_at) WHERE status = 'ACTIVE';
CREATE INDEX idx_user_coupon_usage_prob ON chatbot.user_coupon_wallet(usage_probability DESC) WHERE status = 'ACTIVE';
CREATE INDEX idx_user_coupon_coupon ON chatbot.user_coupon_wallet(coupon_id);  -- ADDED: FK lookups

COMMENT ON TABLE chatbot.user_coupon_wallet IS 'Coupons held by users. At most one ACTIVE row per (user, coupon); issue_key makes issuing idempotent.';
COMMENT ON COLUMN chatbot.user_coupon_wallet.issue_key IS 'Idempotency key of the issuing job, e.g. EMERGENCY_FOOD_AID:<user>:<yyyy-mm-dd>.';


-- ---------------------------------------------------------------------------------------------
-- ADDED: operator audit log (CONTRACTS §8: "audit log of every operator action").
-- Append-only by privileges: naviyam_app gets INSERT/SELECT only (0005).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ops.audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    operator TEXT NOT NULL,   -- operator login / name (never a secret)
    action TEXT NOT NULL,     -- e.g. 'job.retry', 'review.correct', 'conversations.export'
    target TEXT,              -- e.g. a job id, a user_key, a training row id
    details JSONB
);
CREATE INDEX idx_audit_log_at ON ops.audit_log(at DESC);
CREATE INDEX idx_audit_log_operator ON ops.audit_log(operator, at DESC);

COMMENT ON TABLE ops.audit_log IS 'Every operator console action (who, when, what, on what).';
