"""Compose: a validated document + province + registries -> the context the templates render."""
