"""A view as the map page hands it to the exports (``map_page.export_panel``): its table,
classes and texts, for the tests of the exports and of their labels."""

from coverage_map.figures import classify, coverage
from coverage_map.figures.coverage import View
from coverage_map.render import export


def view_for_export(bundle, province, uploaded=""):
    """(view, table, classes, texts) of the coverage view of ``province`` (None: Kalimantan)."""
    view = View(province=province)
    table = coverage.view_table(bundle.regions, bundle.figures, view)
    classes = classify.classify(table["value"], view.metric, "tetap", view.target)
    area = "Seluruh Kalimantan" if province is None else bundle.table.provinces[province]
    sentence = coverage.summary_sentence(coverage.summarise(table, view), view, area, table)
    texts = export.view_texts(view, table, classes, area, sentence, "http://localhost:8501/",
                              coverage.area_figure(bundle.figures, view), uploaded)
    return view, table, classes, texts
