"""Kinds of file by suffix, shared by the attachment checks and the document scanners (which
must agree on what an image is, and must not import each other to learn it)."""

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp"}
