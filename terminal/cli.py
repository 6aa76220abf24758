"""The ``tongban`` command: its root and the core's own commands.

Commands that need a reader, a printer, the portal or a window live in the
package that owns that part and join here through the ``tongban.commands``
entry-point group (each entry is ``register(subparsers, common)``), so the core
never imports them.

Exit codes: 0 done; 1 the thing checked is bad or the action was refused
(invalid ID number, broken journal, import refused); 2 the command line is
wrong; 3 the set-up is wrong (config, data folder, store) or the disk is full,
read-only or not ours; 70 a fault in the program (the log has the details).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from terminal import __version__, config, failures, i18n, logs
from terminal.commands import (
    cards_commands,
    core_commands,
    followup_commands,
    ops_commands,
    supervise_commands,
)
from terminal.context import Context
from terminal.i18n import TongbanError, tr

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_SETUP = 0, 1, 2, 3
EXIT_INTERNAL = 70  # a fault in the program itself (EX_SOFTWARE); the log has the traceback


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help=tr("help.data_dir")
    )
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=tr("help.config"))
    common.add_argument("--lang", default=argparse.SUPPRESS, help=tr("help.lang"))
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="tongban", parents=[common], description=tr("help.tongban")
    )
    parser.add_argument("--version", action="version", version=f"tongban {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    core_commands.register(commands, common)
    ops_commands.register(commands, common)
    followup_commands.register(commands, common)
    cards_commands.register(commands, common)
    supervise_commands.register(commands, common)
    for ep in entry_points(group="tongban.commands"):
        try:
            ep.load()(commands, common)
        except Exception as e:  # one broken part must not take `tongban doctor` down with it
            print(
                tr("cli.plugin_broken", name=ep.name, error=f"{type(e).__name__}: {e}"),
                file=sys.stderr,
            )
    return parser


def choose_language(argv: Sequence[str]) -> None:
    """Help and errors speak the person's language: --lang, else the config's, else Chinese."""
    early, _ = common_options().parse_known_args(argv)
    try:
        if getattr(early, "lang", None):
            i18n.set_language(early.lang)
            return
        data_dir = getattr(early, "data_dir", None) or config.default_data_dir()
        cfg = config.load(config.config_path(data_dir, getattr(early, "config", None)))
        i18n.set_language(cfg.language)
    except (ValueError, TongbanError):
        pass  # reported properly once the command runs


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    choose_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    ctx: Context | None = None
    try:
        if getattr(args, "lang", None):
            try:
                i18n.set_language(args.lang)
            except ValueError:
                print(tr("cli.bad_language", value=args.lang), file=sys.stderr)
                return EXIT_USAGE
        ctx = Context.from_args(args)
        if getattr(args, "lang", None):
            i18n.set_language(args.lang)  # over the config's language
        logs.setup(ctx.config.log_level)
        logs.get("cli").info("command %s", getattr(args, "command", ""))
        result: int = args.run(ctx, args)
        return result
    except config.ConfigError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_SETUP
    except TongbanError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_SETUP if e.msg_id.startswith(("store.", "failure.", "setup.")) else EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tongban ... | head`: the reader left, nothing went wrong here
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # the one top-level handler: a sentence here, the traceback in the log
        where = ctx.db_path if ctx is not None else None
        print(failures.report(e, where), file=sys.stderr)
        return EXIT_SETUP if failures.kind_of(e, where) else EXIT_INTERNAL
    finally:
        if ctx is not None:
            with contextlib.suppress(Exception):
                ctx.close_store()


if __name__ == "__main__":
    sys.exit(main())
