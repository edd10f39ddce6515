"""The operator console under ``/ops/`` (CONTRACTS §8): server-rendered pages behind ``OPERATOR_TOKEN``.

``bot.ops.app.create_ops_app`` builds the sub-application; ``bot.app`` mounts it only when a token is set, so
without one every ``/ops/…`` path is a plain 404.
"""
