"""Choices from outside the choices sheet, the way ODK reads them: select_*_external with
the external_choices sheet, select_*_from_file with .csv, .xml and .geojson, each with a
cascading filter."""

from __future__ import annotations

import json

import pytest
from form_md import md_form

from collector.forms import FormError
from collector.validation import validate
from collector.validation.live import allowed_choices

EXTERNAL = """
    | survey |
    | | type                      | name    | label | choice_filter   |
    | | select_one towns          | town    | 乡镇  |                 |
    | | select_one_external villages | village | 村 | town = ${town}  |
    | | select_multiple_external crops | crops | 作物 |               |
    | choices |
    | | list_name | name | label  |
    | | towns     | t1   | 梅山镇 |
    | | towns     | t2   | 麻埠镇 |
    | external_choices |
    | | list_name | name | label  | town |
    | | villages  | v1   | 红石村 | t1   |
    | | villages  | v2   | 桂花村 | t2   |
    | | crops     | tea  | 茶     |      |
    | | crops     | rice | 稻     |      |
"""


def codes(form, record):
    return sorted((p.field, p.code) for p in validate(form, record))


def test_external_selects_read_the_external_choices_sheet_and_cascade(tmp_path):
    form = md_form(tmp_path, EXTERNAL)
    assert [c.name for c in form.choices["villages"].choices] == ["v1", "v2"]
    assert allowed_choices(form, "village", {"town": "t2"}) == ["v2"]
    assert codes(form, {"town": "t1", "village": "v1", "crops": "tea rice"}) == []
    assert codes(form, {"town": "t1", "village": "v2"}) == [
        ("village", "value.choice_filtered_out")
    ]
    assert codes(form, {"crops": "tea maize"}) == [("crops", "value.not_a_choice")]


def test_a_list_on_both_sheets_is_a_warning_saying_which_counts(tmp_path):
    form = md_form(tmp_path, EXTERNAL + "    | | towns | t3 | 青山镇 | |\n")
    [warning] = form.warnings
    assert warning.code == "form.external_list_twice" and warning.location.row == 17
    assert [c.name for c in form.choices["towns"].choices] == ["t1", "t2"]


FROM_FILE = """
    | survey |
    | | type                               | name    | label | choice_filter  |
    | | select_one_from_file towns.{ext}   | town    | 乡镇  |                |
    | | select_one_from_file villages.{ext} | village | 村   | town = ${{town}} |
"""


def _write(tmp_path, ext: str) -> None:
    towns = [("t1", "梅山镇", ""), ("t2", "麻埠镇", "")]
    villages = [("v1", "红石村", "t1"), ("v2", "桂花村", "t2"), ("v3", "青山村", "t2")]
    for name, rows in (("towns", towns), ("villages", villages)):
        path = tmp_path / f"{name}.{ext}"
        if ext == "csv":
            lines = ["name,label,town", *(",".join(r) for r in rows)]
            path.write_text("\n".join(lines), encoding="utf-8")
        elif ext == "xml":
            items = "".join(
                f"<item><name>{n}</name><label>{lb}</label><town>{t}</town></item>"
                for n, lb, t in rows
            )
            path.write_text(f"<?xml version='1.0'?><root>{items}</root>", encoding="utf-8")
        else:
            features = [
                {
                    "type": "Feature",
                    "id": n,
                    "geometry": {"type": "Point", "coordinates": [115.9 + i, 31.6]},
                    "properties": {"title": lb, "town": t},
                }
                for i, (n, lb, t) in enumerate(rows)
            ]
            path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


@pytest.mark.parametrize("ext", ["csv", "xml", "geojson"])
def test_select_from_file_reads_csv_xml_and_geojson_with_cascades(tmp_path, ext):
    _write(tmp_path, ext)
    form = md_form(tmp_path, FROM_FILE.format(ext=ext))
    villages = form.choice_files[f"villages.{ext}"]
    assert [(c.name, c.label["default"]) for c in villages.choices] == [
        ("v1", "红石村"),
        ("v2", "桂花村"),
        ("v3", "青山村"),
    ]
    assert allowed_choices(form, "village", {"town": "t2"}) == ["v2", "v3"]
    assert codes(form, {"town": "t2", "village": "v3"}) == []
    assert codes(form, {"town": "t1", "village": "v3"}) == [
        ("village", "value.choice_filtered_out")
    ]
    if ext == "geojson":
        assert villages.choices[0].extra["geometry"] == "31.6 115.9 0 0"


@pytest.mark.parametrize(
    ("ext", "content"),
    [
        ("xml", "<root><item><name>a</name>"),
        ("xml", '<!DOCTYPE r [<!ENTITY a "aaaa">]><root><item><name>&a;</name></item></root>'),
        ("geojson", '{"type": "Feature"}'),
        ("geojson", "[1, 2"),
    ],
)
def test_a_broken_or_hostile_choice_file_is_named_not_read(tmp_path, ext, content):
    _write(tmp_path, ext)
    (tmp_path / f"villages.{ext}").write_text(content, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        md_form(tmp_path, FROM_FILE.format(ext=ext))
    [problem] = caught.value.problems
    assert problem.code == "form.choice_file_unreadable"
    assert f"villages.{ext}" in problem.text() and problem.location.row == 5
