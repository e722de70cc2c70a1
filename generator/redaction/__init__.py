"""Redaction: the reader's text, the detectors, protected terms, context and the Scanner.

``text`` normalises what a reader sees; ``detectors`` finds identifiers in it; ``protected``
holds keyed digests of a review's real names and places; ``context`` decides severity for
organisations' contact details; ``scanner`` is the single entry point that ties them together.
"""
