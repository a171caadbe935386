"""Core filing module: the FilingOrder aggregate, its review lifecycle and the services on it.

Knows no ORM, no Telegram and no Babel: texts it raises are message ids marked with ``N_``
and rendered by whoever shows them.
"""
