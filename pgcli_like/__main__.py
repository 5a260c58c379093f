"""``python -m pgcli_like``: the same command as ``shellkit sql``."""

import sys

if __name__ == "__main__":
    from pgcli_like.export import run

    status = run(sys.argv[1:])  # csv/tsv of one query to a pipe: the native exporter, no click
    if status is not None:
        sys.exit(status)
    from pgcli_like.cli import sql_command

    sql_command(prog_name="python -m pgcli_like")
