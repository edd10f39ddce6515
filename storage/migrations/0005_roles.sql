-- 0005: group roles and privileges (seed 000 §1 and §9.2).
--
-- FIX: the seed created login users with literal passwords ('secure_password') in the repository.
-- Here the roles are NOLOGIN group roles without passwords; production grants them to real login
-- users (or sets LOGIN/PASSWORD) out of band. Seed names data_analyst / app_user / ml_user become
-- naviyam_analyst / naviyam_app / naviyam_ml.
--
-- Roles are cluster-wide and many databases (one per test run) share one cluster, so this file must
-- never fail, whoever runs it and however often:
--   * a role is created only when it does not exist and the current user may create roles
--     (superuser or CREATEROLE); a concurrent creation by another database's migration
--     (duplicate_object / unique_violation) and insufficient_privilege are swallowed with a NOTICE;
--   * every GRANT is issued only for roles that exist, and insufficient_privilege is swallowed.
-- Database-local grants are re-applied in every database that runs this file.

DO $roles$
DECLARE
    v_role TEXT;
    v_can_create BOOLEAN;
BEGIN
    SELECT rolsuper OR rolcreaterole INTO v_can_create
      FROM pg_catalog.pg_roles
     WHERE rolname = current_user;

    FOREACH v_role IN ARRAY ARRAY['naviyam_analyst', 'naviyam_app', 'naviyam_ml'] LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = v_role);

        IF NOT COALESCE(v_can_create, FALSE) THEN
            RAISE NOTICE 'role % does not exist and % may not create roles: skipped', v_role, current_user;
            CONTINUE;
        END IF;

        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', v_role);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                RAISE NOTICE 'role % was created concurrently: nothing to do', v_role;
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'not allowed to create role %: skipped', v_role;
        END;
    END LOOP;
END
$roles$;


-- Grants. %1$I is the role, %2$I the current database.
DO $grants$
DECLARE
    g RECORD;
BEGIN
    FOR g IN
        SELECT t.role_name, t.stmt
          FROM (VALUES
            -- naviyam_analyst: read-only on data and reports (not the operator audit log).
            ('naviyam_analyst', 'GRANT CONNECT ON DATABASE %2$I TO %1$I'),
            ('naviyam_analyst', 'GRANT USAGE ON SCHEMA chatbot, analytics, ml_training, ml_features TO %1$I'),
            ('naviyam_analyst', 'GRANT SELECT ON ALL TABLES IN SCHEMA chatbot, analytics, ml_training, ml_features TO %1$I'),
            ('naviyam_analyst', 'ALTER DEFAULT PRIVILEGES IN SCHEMA chatbot, analytics, ml_training, ml_features GRANT SELECT ON TABLES TO %1$I'),

            -- naviyam_app: the bot, its workers and the operator console.
            ('naviyam_app', 'GRANT CONNECT ON DATABASE %2$I TO %1$I'),
            ('naviyam_app', 'GRANT USAGE ON SCHEMA chatbot, analytics, ml_training, ml_features, ops TO %1$I'),
            ('naviyam_app', 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA chatbot, ml_training TO %1$I'),
            ('naviyam_app', 'GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO %1$I'),
            ('naviyam_app', 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA chatbot, ml_training, ops TO %1$I'),
            -- The audit log is append-only for the application.
            ('naviyam_app', 'GRANT SELECT, INSERT ON ops.audit_log TO %1$I'),
            -- The scheduler creates next months' partitions (SECURITY DEFINER function).
            ('naviyam_app', 'GRANT EXECUTE ON FUNCTION chatbot.create_conversation_partitions(integer) TO %1$I'),
            ('naviyam_app', 'ALTER DEFAULT PRIVILEGES IN SCHEMA chatbot, ml_training GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %1$I'),
            ('naviyam_app', 'ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO %1$I'),
            ('naviyam_app', 'ALTER DEFAULT PRIVILEGES IN SCHEMA chatbot, ml_training, ops GRANT USAGE, SELECT ON SEQUENCES TO %1$I'),

            -- naviyam_ml: owns the learning data (seed: ALL on ml_features / ml_training), reads the catalogue.
            ('naviyam_ml', 'GRANT CONNECT ON DATABASE %2$I TO %1$I'),
            ('naviyam_ml', 'GRANT ALL PRIVILEGES ON SCHEMA ml_training, ml_features TO %1$I'),
            ('naviyam_ml', 'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA ml_training, ml_features TO %1$I'),
            ('naviyam_ml', 'GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA ml_training, ml_features TO %1$I'),
            ('naviyam_ml', 'GRANT USAGE ON SCHEMA chatbot TO %1$I'),
            ('naviyam_ml', 'GRANT SELECT ON chatbot.shops, chatbot.menus TO %1$I'),
            ('naviyam_ml', 'ALTER DEFAULT PRIVILEGES IN SCHEMA ml_training, ml_features GRANT ALL PRIVILEGES ON TABLES TO %1$I'),
            ('naviyam_ml', 'ALTER DEFAULT PRIVILEGES IN SCHEMA ml_training, ml_features GRANT ALL PRIVILEGES ON SEQUENCES TO %1$I')
          ) AS t(role_name, stmt)
    LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g.role_name);
        BEGIN
            EXECUTE format(g.stmt, g.role_name, current_database());
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'not allowed: % (skipped)', format(g.stmt, g.role_name, current_database());
        END;
    END LOOP;
END
$grants$;
