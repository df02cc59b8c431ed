"""Women in Tech Tajikistan Telegram bot."""
