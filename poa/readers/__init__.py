"""Readers: outside text (files, pasted notices, drafts written elsewhere) into the case's terms."""
