"""The render layer: maps, charts, images, PDFs and spreadsheets made from the figures. Imports
``language``, ``data`` and ``figures``; never Streamlit."""
