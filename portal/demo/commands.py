import click
from flask.cli import with_appcontext

from portal.demo.data import ACCOUNTS, DEMO_PASSWORD
from portal.demo.seed import database_is_empty
from portal.demo.seed import seed_demo as load_demo_data


@click.command("seed-demo")
@click.option(
    "--if-empty", is_flag=True, help="Only load demo data when the database has no accounts yet."
)
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the demo cities, centres, guide and accounts (safe to run again)."""
    if if_empty and not database_is_empty():
        click.echo("The database already has accounts; demo data not loaded.")
        return
    load_demo_data()
    click.echo(f"Demo data is ready. Every demo account uses the password {DEMO_PASSWORD!r}:")
    for account in ACCOUNTS:
        click.echo(f"  {account['role'].value:<10} {account['email']}")
