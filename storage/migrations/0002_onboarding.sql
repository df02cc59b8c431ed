-- When she finished onboarding (NULL while the dialog is still going on).
ALTER TABLE users ADD COLUMN onboarded_at TEXT;
