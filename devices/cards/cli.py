"""``tongban card readers | read | decode``: joined to ``tongban`` through the tongban.commands entry point.

Exit codes of ``card read``: 0 read (warnings printed); 2 command line wrong;
3 set-up (service, reader, port); 4 no card before --timeout; 5 the card
(removed too early, unsupported, two cards, unreadable, bad data); 6 the line
to the reader (garbled, checksum, length, no answer, reader error); 7 the
reader's security module. ``card decode``: 0 decoded, 1 cannot be decoded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from devices.cards.errors import CardError, DecodeError, FailureKind
from terminal.context import Context
from terminal.i18n import tr

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_SETUP = 0, 1, 2, 3
EXIT_NO_CARD, EXIT_CARD, EXIT_LINE, EXIT_SAM = 4, 5, 6, 7
EXIT_CODES: dict[FailureKind, int] = {
    **dict.fromkeys(
        (
            FailureKind.SERVICE_NOT_RUNNING,
            FailureKind.NO_READER,
            FailureKind.READER_GONE,
            FailureKind.READER_BUSY,
            FailureKind.PORT_UNAVAILABLE,
            FailureKind.PORT_GONE,
        ),
        EXIT_SETUP,
    ),
    **dict.fromkeys(
        (
            FailureKind.CARD_REMOVED_EARLY,
            FailureKind.UNSUPPORTED_CARD,
            FailureKind.TWO_CARDS,
            FailureKind.CARD_UNREADABLE,
            FailureKind.CARD_DATA_INVALID,
        ),
        EXIT_CARD,
    ),
    **dict.fromkeys(
        (
            FailureKind.GARBLED_FRAME,
            FailureKind.BAD_CHECKSUM,
            FailureKind.WRONG_LENGTH,
            FailureKind.TIMEOUT,
            FailureKind.READER_ERROR,
        ),
        EXIT_LINE,
    ),
    **dict.fromkeys((FailureKind.SAM_AUTH_FAILED, FailureKind.SAM_FAULT), EXIT_SAM),
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    card = commands.add_parser("card", parents=[common], help=tr("card.help.card"))
    actions = card.add_subparsers(metavar="ACTION")

    p = actions.add_parser("readers", parents=[common], help=tr("card.help.readers"))
    p.add_argument("--probe", action="store_true", help=tr("card.help.probe"))
    p.set_defaults(run=cmd_readers)

    p = actions.add_parser(
        "read",
        parents=[common],
        help=tr("card.help.read"),
        epilog=tr("card.help.read_exit"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--backend", metavar="sim|serial[:PORT[@BAUD]]|pcsc[:READER]", help=tr("card.help.backend")
    )
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help=tr("card.help.timeout"))
    p.add_argument("--sample", default="chen", help=tr("card.help.sample"))
    p.add_argument("--json", action="store_true", help=tr("card.help.json"))
    p.add_argument("--reveal", action="store_true", help=tr("card.help.reveal"))
    p.set_defaults(run=cmd_read)

    p = actions.add_parser("decode", parents=[common], help=tr("card.help.decode"))
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help=tr("card.help.json"))
    p.add_argument("--reveal", action="store_true", help=tr("card.help.reveal"))
    p.set_defaults(run=cmd_decode)


def cmd_read(ctx: Context, args: argparse.Namespace) -> int:
    from devices.cards.backends import open_backend, parse_spec
    from devices.cards.events import CardEvent, CardFailure, CardPresent, ReaderAttached
    from devices.cards.one_read import read_one
    from devices.cards.samples import SAMPLE_CITIZENS
    from devices.cards.simulated import SimulatedReader

    try:
        spec = parse_spec(args.backend or ctx.config.reader)
    except DecodeError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_USAGE
    backend = open_backend(spec)
    if isinstance(backend, SimulatedReader):
        if args.sample not in SAMPLE_CITIZENS:
            print(
                tr("card.unknown_sample", sample=args.sample, known=", ".join(SAMPLE_CITIZENS)),
                file=sys.stderr,
            )
            return EXIT_USAGE
        backend.place(args.sample)

    def progress(event: CardEvent) -> None:
        if isinstance(event, ReaderAttached):
            print(tr("card.waiting", reader=event.reader), file=sys.stderr)
        elif isinstance(event, CardPresent):
            print(tr("card.reading", reader=event.reader), file=sys.stderr)
        elif isinstance(event, CardFailure):
            print(event.message(), file=sys.stderr)

    outcome = read_one(backend, args.timeout, progress)
    if outcome.read is not None:
        _print_document(outcome.read.document, outcome.read.warnings, args)
        return EXIT_OK
    if outcome.failure is not None:
        return EXIT_CODES[outcome.failure.kind]
    print(tr("card.no_card", seconds=f"{args.timeout:g}"), file=sys.stderr)
    return EXIT_NO_CARD


def cmd_decode(ctx: Context, args: argparse.Namespace) -> int:
    from devices.cards.events import warnings_for
    from devices.cards.ga467 import PREAMBLE, contents_of_reply
    from devices.cards.text_block import decode_text_block
    from devices.cards.text_layouts import BLOCK_SIZE

    try:
        raw = args.file.read_bytes()
    except OSError as e:
        print(
            tr("card.file_unreadable", path=str(args.file), error=e.strerror or str(e)),
            file=sys.stderr,
        )
        return EXIT_SETUP
    try:
        if raw.startswith(PREAMBLE):
            contents = contents_of_reply(raw)
            document = decode_text_block(contents.text, contents.photo)
        elif len(raw) == BLOCK_SIZE:
            document = decode_text_block(raw)
        else:
            raise DecodeError("card.decode.not_block_or_frame", size=len(raw))
    except (DecodeError, CardError) as e:
        print(tr("card.cannot_decode", reason=e.text()), file=sys.stderr)
        return EXIT_REFUSED
    _print_document(document, warnings_for(document), args)
    return EXIT_OK


def cmd_readers(ctx: Context, args: argparse.Namespace) -> int:
    from devices.cards.readers_report import report_lines

    for line in report_lines(ctx.config.reader, probe_all=args.probe):
        print(line)
    return EXIT_OK


def _print_document(document: Any, warnings: Any, args: argparse.Namespace) -> None:
    from devices.cards.render import document_json, document_lines

    if args.json:
        print(
            json.dumps(
                document_json(document, warnings, reveal=args.reveal), ensure_ascii=False, indent=2
            )
        )
    else:
        print("\n".join(document_lines(document, warnings, reveal=args.reveal)))
