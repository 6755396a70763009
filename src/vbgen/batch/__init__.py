"""Batch: build one document (atomic writes), many in parallel, the manifest and PDF conversion."""

DEFAULT_PROVINCE = "tay-ninh"
"""The province ``vbgen build`` renders for when none is given."""
