"""Carrying removals out on the platforms: Telegram through the Bot API, the rest by hand."""
