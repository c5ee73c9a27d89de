"""Words and numbers in the reader's language: the texts (locales), dates and number formats,
and the one reader of typed, linked and uploaded numbers."""
