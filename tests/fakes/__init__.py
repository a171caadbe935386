"""Test doubles: the loopback fake Telegram Bot API server (see bot_api_server.py)."""
