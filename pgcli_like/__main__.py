from pgcli_like.cli import sql_command

if __name__ == "__main__":
    sql_command(prog_name="python -m pgcli_like")
