"""Hostile inputs shared by the hardening tests (written here, not data from anywhere)."""

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 1">'
JS_LINK = "[klik](javascript:window.__pwned=1)"
MATH = "$\\frac{a}{b}$"
# branca parses rendered map code as a Jinja template once more: this must stay text
TEMPLATE = "{{ 'ab' ~ 'cd' }} {% if true %}jinja-ran{% endif %} {# c #}"

# long format: the source column reaches tooltips, tables, captions and exports
HOSTILE_CSV = (
    "wilayah;indikator;nilai;tanggal;sumber\n"
    f"Kab. Paser;cakupan;55;2025-12;{IMG} {JS_LINK} {TEMPLATE}\n"
    f"Kota Bontang;cakupan;101;2025-12;{SCRIPT} {MATH}\n"
    f"{IMG};cakupan;50;2025-12;x\n"
    f"{JS_LINK};cakupan;40;2025-12;=cmd|' /C calc'!A0\n"
)
HOSTILE_NAME = "**tebal**[x](javascript:alert(1))<b>.csv"
