"""The `htkg` command line: a thin layer that parses arguments, calls one library function per
command and prints its result. Library errors become `Error: ...` on stderr.

Exit codes: 0 ok; 1 the data does not conform or an expectation is not met; 2 usage or input
error (a file cannot be read, a name is unknown, an endpoint is down)."""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import HtkgError

__all__ = ["main", "COMMANDS"]

#: The command modules under htkg.cli, in the order `htkg --help` lists them. Each has
#: `register(subparsers)`, which adds its parser and sets `handler` to a function
#: (args) -> exit code. Only commands that work are listed.
COMMANDS = ["build", "anchor", "validate", "export", "query", "queries", "publish", "network", "serve", "add", "extract", "accept", "diff"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: same form and code as ours
        self.print_usage(sys.stderr)
        print(f"Error: {message}", file=sys.stderr)
        sys.exit(2)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="htkg",
        description="A knowledge graph of human trafficking in post-Soviet Azerbaijan: every fact a claim with provenance.",
        epilog="Exit codes: 0 ok, 1 data does not conform, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"htkg {__version__}")
    project_help = "the project folder (default: found from the working directory)"
    parser.add_argument("--project", metavar="DIR", help=project_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    # `--project` is also taken after the command (`htkg build --project DIR`). SUPPRESS keeps
    # a subcommand that was not given it from overwriting the value given before the command.
    for command in sub.choices.values():
        command.add_argument("--project", metavar="DIR", default=argparse.SUPPRESS, help=project_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except HtkgError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
