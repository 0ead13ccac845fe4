"""Every command of both programs says what it does (as sqlite-utils' test_docs does)."""

import argparse

import pytest

from collector.cli import parser as collector_parser
from collector.server.cli import parser as server_parser


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield (*path, name), helps.get(name)
                yield from commands(sub, (*path, name))


@pytest.mark.parametrize("make", [collector_parser, server_parser])
def test_every_command_has_help(make):
    found = list(commands(make()))
    assert len(found) > 8
    missing = [" ".join(path) for path, text in found if not text]
    assert missing == []
