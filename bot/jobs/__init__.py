"""Job openings: feed ingestion and normalization."""
