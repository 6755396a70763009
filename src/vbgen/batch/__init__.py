"""Batch: build one document (atomic writes), many in parallel, the manifest and PDF conversion."""
