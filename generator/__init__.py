"""lif: publish a safeguarding partnership's learning, and refuse to publish what must not be.

The package is a pipeline (load -> state -> check -> pages -> pdf -> build); each stage is a
module of plain functions that tests call without MkDocs. ``plugin`` wires them to MkDocs
events and ``cli`` to the command line.
"""

__version__ = "0.1.0"
