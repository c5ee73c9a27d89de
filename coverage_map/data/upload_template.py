"""The upload template: the columns an office fills in, one example row from the bundled data,
and the instruction lines above the header (skipped when the file is read back)."""

from __future__ import annotations

import pandas as pd

from coverage_map.data.upload_headers import cell_text
from coverage_map.language.i18n import fmt_number, t

# --- template --------------------------------------------------------------------------------

TEMPLATE_COLUMNS = ["kode_kemendagri", "kabupaten_kota", "provinsi", "peserta_aktif",
                    "angkatan_kerja", "cakupan_persen", "tanggal", "sumber"]


def template(regions: pd.DataFrame) -> pd.DataFrame:
    """The upload template: the 56 regions pre-filled, figure columns empty."""
    out = pd.DataFrame({
        "kode_kemendagri": regions["kode"], "kabupaten_kota": regions["nama"],
        "provinsi": regions["provinsi"]})
    for col in TEMPLATE_COLUMNS[3:]:
        out[col] = ""
    return out.reset_index(drop=True)


COMMENT = "#"  # a template's instruction line: skipped when the file is read


def example_row(regions: pd.DataFrame, figures: pd.DataFrame) -> dict[str, str] | None:
    """A real row for the template's instructions, from the bundled data (never made up): a
    regency whose participants and workforce one source gave for the same date."""
    p = figures[(figures["metric"] == "active_participants") & (figures["level"] == "kabkota")
                & (figures["kind"] == "exact")]
    w = figures[(figures["metric"] == "workforce") & (figures["kind"].isin(("exact",
                                                                            "approximate")))]
    pairs = p.merge(w, on=["kode", "as_of", "source_publisher"], suffixes=("", "_w"))
    pairs = pairs[pairs["as_of"].str.len() >= 7].sort_values(["as_of", "kode"], ascending=[False,
                                                                                         True])
    if pairs.empty:
        return None
    r = pairs.iloc[0]
    reg = regions.set_index("kode").loc[r["kode"]]
    return {"kode_kemendagri": r["kode"], "kabupaten_kota": reg["nama"],
            "provinsi": reg["provinsi"], "peserta_aktif": fmt_number(float(r["value"])),
            "angkatan_kerja": fmt_number(float(r["value_w"])), "cakupan_persen": "",
            "tanggal": r["as_of"], "sumber": r["source_publisher"], "figure_id": r["figure_id"]}


def instructions(regions: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The template's instructions: per column what goes in it, its unit and an example (a
    real row of the bundled data), then the accepted dates and what the codes mean."""
    example = example_row(regions, figures) or {}
    rows = [{t("tpl_col_column"): col, t("tpl_col_meaning"): t(f"tpl_{col}"),
             t("tpl_col_unit"): t(f"tpl_unit_{col}"), t("tpl_col_example"): example.get(col, "")}
            for col in TEMPLATE_COLUMNS]
    notes = [t("tpl_note_rows"), t("tpl_note_dates"), t("tpl_note_codes"),
             t("tpl_note_numbers"), t("tpl_note_coverage")]
    if example:
        notes.append(t("tpl_note_example", nama=example["kabupaten_kota"],
                       id=example["figure_id"]))
    rows += [{t("tpl_col_column"): "", t("tpl_col_meaning"): n, t("tpl_col_unit"): "",
              t("tpl_col_example"): ""} for n in notes]
    return pd.DataFrame(rows)


def instruction_lines(table: pd.DataFrame) -> list[str]:
    """The instructions (``instructions``) as the CSV template's first lines (each begins
    with ``#``)."""
    lines = [f"{COMMENT} {t('tpl_title')}"]
    for r in table.to_dict("records"):
        col, meaning, unit, example = r.values()
        if col:
            text = f"{col}: {meaning}" + (f" ({unit})" if unit else "")
            lines.append(f"{COMMENT} {text}" + (f"; {t('tpl_col_example').lower()}: {example}"
                                               if example else ""))
        else:
            lines.append(f"{COMMENT} {meaning}")
    return lines


def is_comment(row: list[object]) -> bool:
    """A template's instruction line: one cell, beginning with ``#`` (a lone ``#`` is a
    column heading, "No")."""
    texts = [x for x in (cell_text(c) for c in row) if x]
    return len(texts) == 1 and texts[0].startswith(COMMENT) and len(texts[0]) > 1
