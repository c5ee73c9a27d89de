"""The data layer: the bundled files, their schema, the regions reference, and reading what
people upload. Imports only ``language``."""
