import click
from flask.cli import with_appcontext

from portal.privacy.erasure import carry_out_due_erasures


@click.command("process-erasures")
@with_appcontext
def process_erasures() -> None:
    """Carry out erasure requests whose 48 hours' notice is over (for cron)."""
    click.echo(f"{carry_out_due_erasures()} erasure requests carried out.")
