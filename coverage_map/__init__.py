"""Peta Cakupan Jamsostek Kalimantan: the logic behind the app, importable without a server."""
