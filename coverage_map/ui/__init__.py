"""Streamlit building blocks for the pages: the only package (with ``cache`` and
``component``) that imports streamlit. One module per page, the frame around every page, this
session's data and shared widgets; pages call them as ``ui.<name>``."""

from __future__ import annotations

from coverage_map.ui.frame import (  # noqa: F401
    PHONE_CSS, PRESENTATION_CSS, PRESENTATION_MAP_HEIGHT, area_name, ensure_frame,
    frame_controls, load_data_or_stop, page_title, phone_style, presentation_style,
    view_controls, view_from_state)
from coverage_map.ui.link_state import (  # noqa: F401
    LATEST, STATE_KEYS, current_state, remember_and_write_url, restore_state, share_url)
from coverage_map.ui.first_view import (  # noqa: F401
    FULL_PAGE, MAP_DRAWN, REST_AT_THE_LATEST_S, light_first_view, rest_of_page_soon)
from coverage_map.ui.text import file_name, safe, shown_value  # noqa: F401
from coverage_map.ui.session import (  # noqa: F401
    UPLOAD_KEY, active_figures, area_figure, bundled_or_uploaded, uploaded_data, view_table)
from coverage_map.ui.widgets import (  # noqa: F401
    figure_columns, link_column, numbers_in_language, open_profile, region_choices)
from coverage_map.ui.map_page import (  # noqa: F401
    coverage_map, export_panel, kpis, province_figures, provinces_of, ranked_frame,
    ranked_table, summary_sentence, view_texts)
from coverage_map.ui.embed import embed_control, embed_requested, embed_view  # noqa: F401
from coverage_map.ui.sources_page import (  # noqa: F401
    all_figures, bases_explained, figure_in_link)
from coverage_map.ui.focus_page import (  # noqa: F401
    KEY_FACTS, ikn_kecamatan_table, ikn_key_facts, ikn_known_figures, ikn_map,
    ikn_protection_facts)
from coverage_map.ui.upload_page import (  # noqa: F401
    upload_badge, upload_report, upload_section)
from coverage_map.ui.analysis_page import (  # noqa: F401
    analyst_frame, analyst_view, province_comparison, province_trends)
from coverage_map.ui.profile_page import (  # noqa: F401
    region_choice, region_profile)
from coverage_map.ui.plan_page import (  # noqa: F401
    choices_from_state, plan_view)
from coverage_map.ui.compare_section import compare_in_link, compare_regions  # noqa: F401
from coverage_map.ui.publish_page import editor_page, published_versions  # noqa: F401
from coverage_map.ui.published import published_notice  # noqa: F401
from coverage_map.ui.shared_upload import share_section  # noqa: F401
