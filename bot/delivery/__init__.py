"""Everything that sends: the paced sender, the outbox and its delivery worker."""
