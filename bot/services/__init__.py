"""Domain services: the rules, short transactions, no Telegram."""
