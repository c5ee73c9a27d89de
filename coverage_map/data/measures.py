"""What the figures measure, and the one way they relate: coverage is participants as a share
of a workforce. The derived numbers (``figures.derived``) and the coverage an upload computes
from its own participants and workforce both use it."""

from __future__ import annotations


def share_of(participants: float, workforce: float) -> float:
    """Coverage in percent: participants of a workforce (above 100 % is real, never clipped)."""
    return participants / workforce * 100
