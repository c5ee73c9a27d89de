"""Masuk untuk editor: sign in; signed in, publish a table and manage its versions."""

from coverage_map import ui

ui.ensure_frame()
data = ui.load_data_or_stop()
ui.editor_page(data)
