"""Charts are self-contained SVG with a table view and a CSV download of the same rows."""

from django.utils import translation

from innopark.reports import charts as c


def make_chart():
    chart = c.Chart(
        key="projects",
        title="Projects <financed>",
        columns=["Period", "Projects", "Amount"],
        kinds=[c.LABEL, c.COUNT, c.MONEY],
        rows=[["2015", 5, 2_140_000_000], ["2016", 27, 85_600_000_000]],
    )
    chart.svg = c.bar_chart(["2015", "2016"], [5, 27], title=chart.title)
    return chart


def test_svg_is_inline_escaped_and_fetches_nothing():
    svg = str(make_chart().svg)
    assert svg.startswith("<svg") and "Projects &lt;financed&gt;" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert ">27<" in svg  # values are printed on the bars


def test_csv_has_machine_values():
    text = make_chart().csv_text()
    assert text.startswith("\ufeff")
    assert "2015,5,21400000.00" in text


def test_table_view_formats_money_in_the_language():
    with translation.override("ru"):
        cells = make_chart().display_rows()
    assert cells[0][2][0] == "21\u00a0400\u00a0000,00\u00a0₸"
    assert cells[0][0] == ("2015", False)


def test_flow_and_hbar_render_and_empty_charts_are_empty():
    flow = c.flow_chart([("Funder", 100_00)], ("Fund", 100_00), [("Digital", 60_00), ("Other", 40_00)], title="Flow")
    assert "<path" in str(flow)
    assert str(c.hbar_chart(["a"], [1], title="t")).count("<rect") == 1
    assert str(c.bar_chart([], [], title="t")) == ""
