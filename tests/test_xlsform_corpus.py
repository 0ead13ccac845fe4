"""Real XLSForms written by others (../shared/xlsform-corpus) load with all they hold.

Every form that the reference converter pyxform 4.5.0 accepts must load here with all its
fields and choices and every expression compiled; the ones pyxform refuses must either
load or fail with a clear message, named below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED

from collector.forms import FormError, load_form

CORPUS = SHARED / "xlsform-corpus"
END_ROW = re.compile(r"^end[ _](group|repeat|loop)$")

PYXFORM_CONVERTS = [
    "ipa_scto_repeat_allows_selection.xlsx",
    "odkdocs_fr_recensement_etablissements_scolaires_24.xlsx",
    "odkwebforms_all_question_types.xlsx",
    "odkwebforms_socio_economic_survey_v20240515.xlsx",
    "odkwebforms_whova_form.xlsx",
    "pyxform_UCL_Biomass_Plot_Form.xlsx",
    "pyxform_cascading_select_test_equivalent.xls",
    "pyxform_choice_filter_test.xlsx",
    "pyxform_ict_survey_fails.xls",
    "pyxform_loop.md",
    "pyxform_repeat_date_test.xls",
    "pyxform_tutorial.xls",
    "pyxform_widgets.xls",
    "pyxform_xlsform_spec_test.xlsx",
    "reach_MSNA_2024_kobo_tool_v11.xlsx",
]
# pyxform refuses these; what this loader does with each, and why.
PYXFORM_REFUSES = {
    # pyxform does not sniff content; this .xlsx loads here.
    "odkwebforms_ifrc_distribution_site_assessment_v1.xlsx": set(),
    # Duplicate choice names without allow_choice_duplicates, as pyxform says, and
    # SurveyCTO's own types (caseid, text audit, comments).
    "ipa_hfc_Household_Survey.xlsx": {"form.duplicate_choice", "form.unknown_type"},
    # SurveyCTO's own types (caseid, calculate_here) and functions (phone-call-log,
    # choice-label, count-if, de-duplicate, relevant).
    "ipa_scto_advanced_CATI_attempts.xlsx": {"form.unknown_type", "form.unknown_function"},
    "ipa_scto_birthday_age_calculation.xlsx": {"form.unknown_type"},
    "ipa_scto_phq9_gad7.xlsx": {"form.unknown_type"},
}


def test_the_corpus_is_all_here():
    files = {p.name for p in CORPUS.iterdir() if p.name != "README.md"}
    assert files == set(PYXFORM_CONVERTS) | set(PYXFORM_REFUSES)


def pyxform_rows(path: Path):
    from pyxform.xls2json_backends import definition_to_dict, get_definition_data

    data = definition_to_dict(get_definition_data(path))
    named = [
        r
        for r in data.survey or []
        if r.get("name") and r.get("type") and not END_ROW.match(r["type"].strip().lower())
    ]
    choices = [r for r in data.choices or [] if r.get("name") or r.get("value")]
    return named, choices


@pytest.mark.parametrize("name", PYXFORM_CONVERTS)
def test_forms_pyxform_converts_load_completely(name):
    path = CORPUS / name
    form = load_form(path)
    named, choices = pyxform_rows(path)
    # Unnamed notes get a name of their own here; everything pyxform names is here too.
    fields = [f for f in form.walk() if not f.name.startswith("_note_")]
    assert len(fields) == len(named)
    assert {f.name for f in fields} == {r["name"].strip() for r in named}
    assert sum(len(cl.choices) for cl in form.choices.values()) == len(choices)
    compiled = form.compiled
    for f in fields:
        for attribute in ("relevant", "constraint", "calculation", "choice_filter"):
            if getattr(f, attribute):
                assert attribute in compiled.of(f).expressions, (f.name, attribute)


@pytest.mark.parametrize("name", sorted(PYXFORM_REFUSES))
def test_forms_pyxform_refuses_load_or_fail_clearly(name):
    expected = PYXFORM_REFUSES[name]
    if not expected:
        assert list(load_form(CORPUS / name).walk())
        return
    with pytest.raises(FormError) as caught:
        load_form(CORPUS / name)
    problems = caught.value.problems
    assert {p.code for p in problems} == expected
    for p in problems:
        assert p.location.file == name and p.location.row > 1 and p.location.column
