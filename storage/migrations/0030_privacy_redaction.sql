-- 0030: privacy delete (PIPA, issue #9; seed 003 §7 "탈퇴 시 익명화").
--
-- ops.audit_log is append-only for the application role (0005 grants it SELECT, INSERT), yet an operator entry
-- may name a user (target = their user_key, e.g. "privacy.export" or a conversation export filtered on them).
-- When that user's data is deleted, such entries must stop naming them. ops.redact_audit_subject rewrites the
-- user key, and nothing else, in target and details to a replacement (the deletion's receipt, a one-way digest of
-- the key): the entry still says what was done and when, no longer to whom.
--
-- SECURITY DEFINER with a pinned search_path, so the application role can redact without being able to UPDATE
-- the audit log freely. The subject must look like a user key (letters, digits, "_", "-", ":" and ".", at least
-- 8 characters), so a short or empty string can never rewrite the whole log; it contains no JSON-special
-- character, so replacing it inside the JSON text keeps the JSON valid.

CREATE OR REPLACE FUNCTION ops.redact_audit_subject(p_subject TEXT, p_replacement TEXT)
RETURNS INTEGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count INTEGER;
BEGIN
    IF p_subject IS NULL OR p_subject !~ '^[A-Za-z0-9_:.-]{8,64}$' THEN
        RAISE EXCEPTION 'not a user key: %', p_subject USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_replacement IS NULL OR p_replacement !~ '^[A-Za-z0-9_:.-]{1,80}$' THEN
        RAISE EXCEPTION 'invalid replacement: %', p_replacement USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE ops.audit_log
       SET target = replace(target, p_subject, p_replacement),
           details = replace(details::text, p_subject, p_replacement)::jsonb
     WHERE strpos(COALESCE(target, ''), p_subject) > 0
        OR strpos(COALESCE(details::text, ''), p_subject) > 0;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

REVOKE ALL ON FUNCTION ops.redact_audit_subject(TEXT, TEXT) FROM PUBLIC;
COMMENT ON FUNCTION ops.redact_audit_subject(TEXT, TEXT) IS
    'Privacy delete: replaces a deleted user''s key in ops.audit_log (target, details) by a receipt; returns the rows changed.';

DO $grant$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'naviyam_app') THEN
        BEGIN
            GRANT EXECUTE ON FUNCTION ops.redact_audit_subject(TEXT, TEXT) TO naviyam_app;
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'not allowed to grant EXECUTE on ops.redact_audit_subject to naviyam_app (skipped)';
        END;
    END IF;
END
$grant$;
