"""What the engine does with a message, one handler object per concern; ``dialogs.router``
maps commands and buttons to their methods."""
