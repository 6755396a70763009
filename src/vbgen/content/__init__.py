"""Content: YAML loading with line numbers, the pydantic models, overrides and JSON schema export."""
