"""Command modules of ``lif`` that grew beyond a few lines each."""
