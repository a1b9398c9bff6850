"""A command line naming a command is parsed by a parser of only its module's commands: it
must read every command line exactly as the whole parser does."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from curriculum import cli
from curriculum.cli.args import Parser


def _registered(module: object) -> tuple[str, ...]:
    parser = Parser(prog="curriculum")
    sub = parser.add_subparsers(dest="command")
    common = Parser(add_help=False)
    common.add_argument("--home")
    module.register(sub, common)  # type: ignore[attr-defined]
    return tuple(sub.choices)


@pytest.mark.parametrize("module", cli.COMMAND_MODULES, ids=lambda m: m.__name__)
def test_the_map_names_exactly_the_commands_each_module_registers(module) -> None:
    assert cli.COMMANDS_OF.get(module, ()) == _registered(module)


def _outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))
        except SystemExit as leaving:
            result = ("exit", leaving.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", sorted(cli.OWNER))
def test_each_commands_help_and_errors_are_the_whole_parsers(command) -> None:
    for argv in ([command, "--help"], ["--home", "h", command, "--no-such-option"]):
        assert cli.named_command(argv) == command
        whole = _outcome(cli.build_parser(), argv)
        assert _outcome(cli.build_parser(command), argv) == whole
        assert whole[0][0] == "exit"  # type: ignore[index]


@pytest.mark.parametrize(
    "argv",
    [
        ["fetch"],
        ["--home", "h", "fetch", "--due", "--json"],
        ["--home=h", "fetch", "1", "2"],
        ["feed", "list"],
        ["today", "--json"],
        ["card", "list"],
        ["stats", "--json"],
        ["fetch", "--home", "h"],
    ],
)
def test_a_command_line_parses_to_the_same_arguments(argv) -> None:
    whole = _outcome(cli.build_parser(), argv)
    assert cli.named_command(argv) is not None
    assert _outcome(cli.build_parser(cli.named_command(argv)), argv) == whole


@pytest.mark.parametrize(
    "argv",
    [[], ["-h"], ["--version"], ["--hom", "h", "fetch"], ["--home"], ["nosuch"], ["review"]],
)
def test_anything_else_is_read_by_the_whole_parser(argv) -> None:
    assert cli.named_command(argv) is None
