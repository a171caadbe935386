"""Dialogue engine: flows as data, one state machine per flow, sessions written through."""
