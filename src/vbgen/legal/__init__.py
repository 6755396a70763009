"""Legal text: citation markers and forms, registry checks, currency lint of names and wording."""
