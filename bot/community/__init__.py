"""Community features' pure parts: weekly peer pairing, calendar files, stories content."""
