"""Planning the gap: how many workers to enrol to reach a target, and what the premiums cost.

Pure pandas and arithmetic (no Streamlit): the Rencana page, its PDF brief and its XLSX all
show what is computed here. A plan starts from the region's latest coverage statement (or,
where there is none, its latest participant count), sets it against a workforce figure (one of
the region's own, or a number the user typed), and asks how many more workers the target
needs: one number for a measured figure, a range for a band ("kurang dari 50 %"), nothing for a
group statement or where there is no workforce figure. The cost is the monthly premium per
worker times twelve; the premium rates are the app's defaults, taken from the regulation
(``RATES``), or what the user typed. Every input says where it comes from (``ORIGINS``), so
nothing the user typed is ever shown as sourced data.

This module is the plan's one name for its callers; the work is in three modules:
``plan_inputs`` (rates, limits, origins, reading typed and linked numbers, ``Choices``),
``plan_compute`` (what a region offers, ``build``, a province's plans and their totals) and
``plan_words`` (the plan in words, its inputs listed, the province's table).
"""

from __future__ import annotations

from coverage_map.figures.derived import yearly_cost  # noqa: F401
from coverage_map.figures.lookup import Lookup  # noqa: F401
from coverage_map.figures.plan_compute import (  # noqa: F401
    Facts, Plan, Totals, apbd_figures, build, default_workforce, facts, origin_of,
    province_rows, region_gap, starting_point, target_options, totals, workforce_options)
from coverage_map.figures.plan_inputs import (  # noqa: F401
    COMPUTED, DATA, DEFAULT, GAP, LAW, MAX_RATE, MAX_TARGET, MAX_WORKERS, MIN_RATE, ORIGINS,
    RATES, TYPE, TYPED, UPLOADED, Choices, InputError, Rate, canonical, province_choices,
    read_amount, read_link_amount)
from coverage_map.figures.plan_words import (  # noqa: F401
    MISSING, apbd_text, cost_text, cost_words, enrol_words, gap_words, input_rows, jht_text,
    money, money_range, need_text, province_frame, province_lines, province_table,
    short_statement, workers_text)
