"""The figures layer: which figure a view shows, how it is classified and worded, and every
derived number. Imports ``language`` and ``data``."""
