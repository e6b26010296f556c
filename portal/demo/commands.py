import time
from datetime import datetime

import click
from flask.cli import with_appcontext

from portal.demo.data import ACCOUNTS, DEMO_PASSWORD
from portal.demo.scale import EMAIL_DOMAIN, ChainSize
from portal.demo.scale_load import DatabaseHasPatients, load_chain, sample_accounts
from portal.demo.seed import database_is_empty
from portal.demo.seed import seed_demo as load_demo_data
from portal.localtime import local_today


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


_DEFAULT = ChainSize()


@click.command("seed-scale")
@click.option("--centres", default=_DEFAULT.centres, show_default=True, type=click.IntRange(1))
@click.option(
    "--therapists", default=_DEFAULT.therapists, show_default=True, type=click.IntRange(1)
)
@click.option("--patients", default=_DEFAULT.patients, show_default=True, type=click.IntRange(1))
@click.option(
    "--days", default=_DEFAULT.days, show_default=True, type=click.IntRange(1), help="of history"
)
@click.option(
    "--appointments", default=_DEFAULT.appointments, show_default=True, type=click.IntRange(0)
)
@click.option("--callbacks", default=_DEFAULT.callbacks, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=_DEFAULT.seed, show_default=True, help="Same seed, same data.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day the history ends (default: today in India); fix it to repeat a run exactly.",
)
@click.option("--append", is_flag=True, help="Add to a database that already has patients.")
@with_appcontext
def seed_scale(today: datetime | None, append: bool, **sizes: int) -> None:
    """Load a chain-sized network: centres, therapists, patients with a history of practice,
    appointments and call-backs (default: the size of a real chain)."""
    size = ChainSize(**sizes)
    day = today.date() if today else local_today("Asia/Kolkata")
    started = time.monotonic()
    try:
        written = load_chain(size, day, append=append)
    except DatabaseHasPatients:
        raise click.ClickException(
            "The database already has patients; use --append to add the generated ones to them."
        ) from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Made in {time.monotonic() - started:.0f} s (history to {day:%d %b %Y}):")
    for table, count in written.items():
        click.echo(f"  {count:>10,}  {table}")
    click.echo(
        f"Every generated account uses the password {DEMO_PASSWORD!r}; emails end in "
        f"@{EMAIL_DOMAIN}, e.g.:"
    )
    for role, email in sample_accounts().items():
        click.echo(f"  {role.value:<10} {email}")
