"""Small forms written inline as pyxform's own tests write them: markdown tables."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from collector.forms import Form, FormError, FormProblem, load_form


def md_form(tmp_path: Path, text: str, name: str = "form.md", **kwargs) -> Form:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_form(path, **kwargs)


def md_problems(tmp_path: Path, text: str) -> list[FormProblem]:
    """The problems of a form that must not load."""
    with pytest.raises(FormError) as caught:
        md_form(tmp_path, text)
    return caught.value.problems
