"""The program's own forms go out as real XLSForms: pyxform converts them, and the regex
patterns in them mean the same in Python, Java (ODK Collect) and JavaScript (Web Forms)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FORMS

from collector.forms import FieldType, load_form
from collector.forms.export import write_xlsform
from collector.forms.xlsform import DOMAIN_PATTERNS
from collector.validation import validate

XLS2XFORM = Path(sys.executable).parent / "xls2xform"


@pytest.mark.parametrize("name", ["outmigrant_labour.yaml", "enterprise_demand.yaml"])
def test_pyxform_converts_every_exported_form(tmp_path, name):
    form = load_form(FORMS / name)
    xlsx, xml = tmp_path / "form.xlsx", tmp_path / "form.xml"
    write_xlsform(form, xlsx)
    done = subprocess.run(
        [str(XLS2XFORM), "--skip_validate", str(xlsx), str(xml)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = xml.read_text(encoding="utf-8")
    # What ODK has no column for travels in the binds, under the program's namespace.
    assert 'xmlns:collector="urn:collector:xforms"' in text
    domain = [f for f in form.walk() if f.type in DOMAIN_PATTERNS]
    assert domain
    for f in domain:
        assert f'collector:type="{f.type.value}"' in text
    assert 'collector:conflict_policy="latest"' in text
    assert 'collector:role="' in text
    # And the file loads back as the same form, its own types included.
    again = load_form(xlsx)
    assert again == form
    assert {f.type for f in again.walk()} >= {f.type for f in domain}


def test_the_exported_regex_of_each_type_accepts_what_the_type_accepts(survey_form):
    good = {
        FieldType.ID_NUMBER: ["11010519491231002X", "341524199001011234"],
        FieldType.MOBILE: ["13812345678", "+86 138-1234-5678", "0086 19912345678"],
        FieldType.DIVISION: ["341524100201"],
    }
    bad = {
        FieldType.ID_NUMBER: ["01010519491231002X", "11010519491331002X", "1101051949123100"],
        FieldType.MOBILE: ["12812345678", "1381234567", "138123456789"],
        FieldType.DIVISION: ["34152410020", "3415241002011"],
    }
    for ftype, pattern in DOMAIN_PATTERNS.items():
        assert all(re.search(pattern, v) for v in good[ftype]), ftype
        assert not any(re.search(pattern, v) for v in bad[ftype]), ftype


NAMES = {
    "张三": True,
    "阿依古丽·买买提": True,
    "Smith": True,
    "𠀀明": True,  # U+20000, CJK Ext. B
    "龘𲎯": True,  # U+323AF, the last of Ext. H
    "㐀丽": True,  # U+3400, Ext. A
    "張三丰": True,
    "李 四": False,
    "王5": False,
    "赵@": False,
    "Zoë": False,
    "ＡＢ": False,  # full-width letters
    "钱，孙": False,
    "": False,
}


def _name_pattern(form) -> str:
    match = re.search(r"regex\(\., '([^']+)'\)", form.field("full_name").constraint)
    assert match
    return match.group(1)


def test_the_name_pattern_means_the_same_in_python_javascript_and_java(survey_form, tmp_path):
    pattern = _name_pattern(survey_form)
    assert not re.search(r"[^\x00-\uffff]", pattern), "characters beyond the BMP in a pattern"
    python = {name: bool(re.search(pattern, name)) for name in NAMES}
    assert python == NAMES
    engines = {"python": python}
    if shutil.which("node"):
        script = (
            "const [p, names] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
            "const r = new RegExp(p);"
            "console.log(JSON.stringify(Object.fromEntries(names.map(n => [n, r.test(n)]))));"
        )
        done = subprocess.run(
            ["node", "-e", script],
            input=json.dumps([pattern, list(NAMES)]),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        engines["javascript"] = json.loads(done.stdout)
    if shutil.which("java"):
        source = tmp_path / "Names.java"
        cases = "".join(f'"{_java_escape(n)}",' for n in NAMES)
        source.write_text(
            "import java.util.regex.Pattern;\n"
            "public class Names { public static void main(String[] a) {\n"
            f'Pattern p = Pattern.compile("{_java_escape(pattern)}");\n'
            f"String[] names = {{{cases}}};\n"
            'for (String n : names) System.out.println(p.matcher(n).find() ? "1" : "0");\n'
            "}}\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            ["java", str(source)], capture_output=True, text=True, timeout=120, check=True
        )
        engines["java"] = dict(zip(NAMES, [x == "1" for x in done.stdout.split()], strict=True))
    assert len(engines) == 3 or not (shutil.which("node") and shutil.which("java"))
    for engine, found in engines.items():
        assert found == NAMES, engine
    # The form's own check, through the expression engine, agrees.
    for name, ok in NAMES.items():
        if len(name) >= 2:
            problems = validate(survey_form, {"full_name": name})
            assert ok == all(p.field != "full_name" for p in problems), name


def _java_escape(text: str) -> str:
    """Java source for a string literal: every non-ASCII UTF-16 unit as \\uXXXX."""
    out = []
    for unit in text.encode("utf-16-be").hex(" ", 2).split():
        code = int(unit, 16)
        if code == 0x5C:
            out.append("\\\\")
        elif code == 0x22:
            out.append('\\"')
        elif 0x20 <= code < 0x7F:
            out.append(chr(code))
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)
