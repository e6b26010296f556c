"""The benchmark's own parts (scripts/benchmark.py measures; nothing here is timed): the
yardstick page it compares against, and reading wrk's report."""

import importlib.util
import sys
from pathlib import Path

from sqlalchemy import event

from portal.app import create_app
from portal.extensions import db
from tests.conftest import TEST_SETTINGS

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name: str):
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(f"benchmark_{name}", SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


def test_the_reference_page_runs_one_query_and_is_not_a_product_route(app, database_url, make):
    make.centre(make.city("Bengaluru"), "Indiranagar")
    yardstick = _script("benchmark_app").add_yardsticks(
        create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    )
    statements = []
    with yardstick.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client = yardstick.test_client()
    response = client.get("/_benchmark/reference")
    assert response.status_code == 200
    assert "Indiranagar" in response.get_data(as_text=True)
    assert len([s for s in statements if not s.startswith("BEGIN")]) == 1
    assert client.get("/_benchmark/hello").get_data(as_text=True) == "hello"
    engine.dispose()
    product_paths = {rule.rule for rule in app.url_map.iter_rules()}
    assert not any(path.startswith("/_benchmark") for path in product_paths)


WRK_REPORT = """Running 10s test @ http://127.0.0.1:8000/today
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    93.21ms   20.11ms 301.00ms   80.00%
    Req/Sec    85.50     12.30   120.00     70.00%
  Latency Distribution
     50%   91.50ms
     75%  101.00ms
     90%  120.00ms
     99%    1.20s
  1712 requests in 10.02s, 40.10MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    170.86
Transfer/sec:      4.00MB
"""


def test_wrk_report_is_read_for_throughput_median_and_failures():
    parsed = _script("benchmark").parse_wrk(WRK_REPORT)
    assert parsed == {"rps": 170.86, "p50_ms": 91.5, "failed": 7, "requests": 1712}
    fast = _script("benchmark").parse_wrk(WRK_REPORT.replace("91.50ms", "850.00us"))
    assert fast["p50_ms"] == 0.85


def test_rounds_are_summarised_by_their_medians_and_the_ratios_spread():
    benchmark = _script("benchmark")
    result = benchmark.Result(benchmark.Page("/today", "/today", None), 5, 7.5, 26_000)
    rounds = [
        benchmark.Round(200.0, 1000.0, 60.0, 0),  # ratio 0.2
        benchmark.Round(300.0, 1000.0, 50.0, 0),  # 0.3: the median
        benchmark.Round(330.0, 1100.0, 40.0, 0),  # 0.3
        benchmark.Round(250.0, 500.0, 70.0, 0),  # 0.5: a round where the reference sagged
    ]
    benchmark._summarise(result, rounds, duration=10)
    assert result.ratio == 0.3
    assert result.ratio_spread == (0.2, 0.5)
    assert result.requests_per_second == 275.0
    assert result.reference_per_second == 1000.0
    assert result.p50_ms == 55.0
    assert result.errors == ""


def test_cpu_per_request_is_the_rounds_median_and_absent_when_unknown():
    benchmark = _script("benchmark")
    assert benchmark._per_request(2.0, 0.5, 1000) == (2.0, 0.5)  # seconds → ms per request
    assert benchmark._per_request(2.0, None, 1000) == (2.0, None)  # no database here
    assert benchmark._per_request(2.0, 0.5, 0) == (None, None)
    result = benchmark.Result(benchmark.Page("/x", "/x", None), 1, 1.0, 10)
    rounds = [
        benchmark.Round(100.0, 1000.0, 5.0, 0, 3.0, None),
        benchmark.Round(100.0, 1000.0, 5.0, 0, 5.0, None),
        benchmark.Round(100.0, 1000.0, 5.0, 0, 4.5, None),
    ]
    benchmark._summarise(result, rounds, duration=10)
    assert (result.app_cpu_ms, result.database_cpu_ms) == (4.5, None)


def test_a_process_cpu_time_and_parent_are_read_from_proc_whatever_its_name():
    benchmark = _script("benchmark")
    # the name is in parentheses and may hold spaces and parentheses of its own
    stat = "4242 (gunicorn: (a) b) S 4200 4242 4242 0 -1 4194560 900 0 0 0 250 40 0 0 20 0 1"
    fields = benchmark._stat_fields(stat)
    assert fields[1] == 4200  # the parent
    assert fields[11:13] == [250, 40]  # user and system ticks
    import os

    spent = benchmark.cpu_seconds([os.getpid()])
    sum(range(3_000_000))  # some CPU
    assert benchmark.cpu_seconds([os.getpid()]) > spent
    assert benchmark.cpu_seconds([2**22 + 1]) == 0  # no such process
    assert os.getpid() in benchmark.children_of(os.getppid())


def test_a_failed_response_in_any_round_is_reported():
    benchmark = _script("benchmark")
    result = benchmark.Result(benchmark.Page("/x", "/x", None), 1, 1.0, 10)
    rounds = [benchmark.Round(100.0, 1000.0, 5.0, 0), benchmark.Round(90.0, 1000.0, 6.0, 3)]
    benchmark._summarise(result, rounds, duration=10)
    assert result.errors == "3 failed responses under load"


def test_a_plans_sequential_scans_are_found_at_any_depth():
    plan = {
        "Node Type": "Limit",
        "Plans": [
            {
                "Node Type": "Hash Join",
                "Plans": [
                    {"Node Type": "Seq Scan", "Relation Name": "role_grants"},
                    {
                        "Node Type": "Hash",
                        "Plans": [{"Node Type": "Seq Scan", "Relation Name": "users"}],
                    },
                ],
            },
            {"Node Type": "Index Scan", "Relation Name": "patient_attention"},
        ],
    }
    assert _script("benchmark").tables_read_whole(plan) == {"role_grants", "users"}


def test_the_tables_a_pages_selects_read_whole_are_named_on_postgresql(app, make, monkeypatch):
    """What the benchmark prints per page: on PostgreSQL, the tables its SELECTs read from end
    to end (here every size counts as large); writes are not explained."""
    benchmark = _script("benchmark")
    make.patient(name="Asha Rao")
    monkeypatch.setattr(benchmark, "LARGE_TABLE_ROWS", -2)  # never analysed: -1 rows
    statements = [
        ("SELECT users.id FROM users WHERE users.name = %(name)s", {"name": "Asha Rao"}),
        ("UPDATE centres SET name = name", {}),
    ]
    found = benchmark._large_tables_read_whole(db.engine, statements)
    assert found == (["users"] if db.engine.dialect.name == "postgresql" else [])
