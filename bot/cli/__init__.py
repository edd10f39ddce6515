"""Operator commands of ``python -m bot``: ``logs`` and ``privacy``, one module each."""
