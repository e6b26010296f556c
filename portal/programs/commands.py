import click
from flask.cli import with_appcontext

from portal.programs.attention_summary import refresh_everyone


@click.command("refresh-attention")
@with_appcontext
def refresh_attention_command() -> None:
    """Work out every patient's attention rows again (the worker does it nightly; run it
    after loading data in bulk or changing a ranking rule)."""
    click.echo(f"Attention rows rewritten for {refresh_everyone()} patients.")
