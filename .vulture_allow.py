"""What vulture cannot see being used: ./dev test runs it over the code, the tests and bench.

vulture matches names, not objects: a line here marks every use of that name as used. Keep
each under the reason it is here; when a line's reason goes, delete the line.
"""
# ruff: noqa: B018, F821  (bare names are what vulture reads; nothing here runs)

# Called by Qt: overrides of QObject/QWidget virtuals.
_.eventFilter
_.closeEvent
_.mousePressEvent, _.mouseMoveEvent, _.mouseReleaseEvent, _.tabletEvent, _.paintEvent  # the pad

# Called or read by a library we extend.
_.draw, _.hAlign, _.wrap, avail_width, avail_height  # reportlab: the receipt's QR flowable
_.makeToUnicodeCMap  # reportlab: the embedded CJK font's ToUnicode map
_.row_factory  # sqlite3
_.exc_text  # logging: a record's cached traceback text
exc  # __exit__(self, kind, exc, tb): the context-manager protocol names the argument
_.max_request_body_size, _.error_task_class, _.parser_class, _.handle_accept, _.will_close
_.ssl_adapter  # cheroot (the portal over TLS); the line above: waitress
(
    _.protocol_version,
    _.disable_nagle_algorithm,
    _.do_GET,
    _.do_POST,
    _.do_PUT,
    _.log_message,
)  # http.server
_._content  # requests.Response: tests/sync/test_openapi.py builds one from bytes
pytestmark, qapp, hooked, as_it, beaten  # pytest: module marks, fixtures asked for by name only

# Fields of records kept or sent whole (dataclasses.asdict, JSON, the journal's hash).
_.seen_at, _.looked_up_at, _.last_attempt, _.hash, _.previous_number

# Qt dialogs held by a Python reference so they live while open (open() does not block).
_.draft_prompt, _.admin_dialog

# Unused now, outside issue 13's list of dead code: for their owners to use or remove.
_.check_password  # terminal/clerks.py: signing in against a backup
_.finish  # sync/hall/operations.py: HallQueue.finish
_.last_problem  # sync/hall/operations.py: set, never read
STATUS_NO_CONTENT, STATE_MUTE, WLT_SIZE  # card protocol values, named for the reader
DOCUMENTS, FORMATS, WAITING, RECONFIRM_REASON  # documents, render, hall model, outbox
_.where_en, _.fee_note, _.description_en  # read from the catalogue, shown nowhere yet
(
    _.itemAt,
    _.takeAt,
    _.expandingDirections,
)  # FlowLayout (ui/widgets/flow_layout.py): QLayout's virtuals
_.hasHeightForWidth, _.heightForWidth  # the same: Qt calls them
_.captured_at  # issue 15's seam: the decided case's Attachment says when it was captured
_.revisit_note  # terminal/followups.py: a follow-up read whole; kept and synced, not shown yet
_.portal_years  # terminal/calendar_versions.py: the years the portal gives, for issue 17
