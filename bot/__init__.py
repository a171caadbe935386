"""Entry points and the composition root: CLI, configuration, wiring, terminal and Telegram."""
