"""The pure rules of the fact store: contributions, attribution over the tree history, moving totals."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from reporting.facts.rules import (
    Deltas,
    MemberState,
    OrgHistory,
    Placement,
    admission_detail,
    attribution_path,
    copied_rows,
    diff,
    encode_metrics,
    is_stock,
    member_contribution,
    placement_on,
    standing_after,
    transfer_deltas,
    with_years,
)
from reporting.facts.store import Batch
from reporting.ingest.membership import member_effects
from reporting.ingest.views import MemberView
from shared.calendar import month_end


def state(status: str = "official", org: str = "b1", standing: str | None = None, **kw: object) -> MemberState:
    values: dict[str, object] = {"gender": "female", "minority": True, "birth_date": date(1990, 5, 1), **kw}
    return MemberState(
        org, status, standing or (status if status in {"probationary", "official", "exempt"} else None), **values
    )  # type: ignore[arg-type]


def test_a_counted_member_adds_headcount_standing_gender_minority_and_birth_year() -> None:
    assert member_contribution(state()) == {
        "members.total": 1,
        "members.status.official": 1,
        "members.gender.female": 1,
        "members.minority": 1,
        "yob.1990": 1,
    }


def test_a_temporarily_away_member_counts_at_home_under_their_standing() -> None:
    away = member_contribution(state("temporarily_away", standing="probationary"))
    assert away["members.total"] == 1
    assert away["members.status.probationary"] == 1
    assert away["members.temporarily_away"] == 1


def test_a_contribution_is_the_callers_own_copy_with_metric_names_shared() -> None:
    first = member_contribution(state())
    first["members.total"] = 99
    first["yob.1990"] += 5
    again = member_contribution(state())
    assert (again["members.total"], again["yob.1990"]) == (1, 1)
    assert next(k for k in again if k.startswith("yob.")) is next(k for k in first if k.startswith("yob."))
    detail = admission_detail(state(admission=("b1", date(2020, 1, 1))))
    detail.clear()
    assert admission_detail(state(admission=("b1", date(2020, 1, 1)))) == {
        "a.g.female": 1,
        "a.age.18_30": 1,
        "a.mi": 1,
    }


@pytest.mark.parametrize("status", ["removed", "resigned", "expelled", "deceased"])
def test_a_member_who_left_counts_nowhere(status: str) -> None:
    assert member_contribution(state(status)) == {}


def test_a_pending_permanent_transfer_counts_only_as_pending() -> None:
    assert member_contribution(state("transfer_pending", standing="official")) == {"members.transfer_pending": 1}


def test_a_guest_record_never_counts() -> None:
    assert member_contribution(state(guest=True)) == {}


def test_standing_is_kept_while_away_and_taken_from_the_previous_status() -> None:
    assert standing_after("temporarily_away", "official", None) == "official"
    assert standing_after("temporarily_away", None, state("temporarily_away", standing="exempt")) == "exempt"
    assert standing_after("official", "probationary", None) == "official"


def test_diff_keeps_only_changes() -> None:
    assert diff({"a": 1, "b": 1}, {"a": 1, "c": 1}) == {"b": -1, "c": 1}


def test_stocks_and_flows_are_told_apart_by_name() -> None:
    assert is_stock("yob.1970")
    assert is_stock("orgs.active.branch")
    assert not is_stock("members.admitted")
    assert not is_stock("meetings.held")


def test_an_event_counts_where_its_unit_stood_at_the_end_of_its_month() -> None:
    history = OrgHistory(
        [Placement("/p/a/c/", date(2025, 1, 1), date(2026, 3, 15)), Placement("/p/b/c/", date(2026, 3, 15), None)],
        "/p/b/c/",
    )
    assert attribution_path(history, date(2026, 2, 28)) == "/p/a/c/"
    assert attribution_path(history, date(2026, 3, 2)) == "/p/b/c/"  # the move's month moves whole
    assert attribution_path(history, date(2024, 6, 1)) == "/p/b/c/"  # before establishment: where it is now
    closed = OrgHistory([Placement("/p/a/", date(2025, 1, 1), date(2025, 7, 10))], "/p/a/")
    assert attribution_path(closed, date(2025, 7, 2)) == "/p/a/"  # dissolved within the month
    assert attribution_path(OrgHistory([], None), date(2025, 7, 2)) is None


def test_an_event_of_a_unit_merged_away_counts_in_its_successor_from_the_merge_month() -> None:
    merged = OrgHistory([Placement("/p/a/", date(2025, 1, 1), date(2025, 7, 10))], "/p/a/", merged_into="b")
    successor = {"b": "/p/b/"}.get
    assert attribution_path(merged, date(2025, 7, 2), successor) == "/p/b/"
    assert attribution_path(merged, date(2025, 9, 1), successor) == "/p/b/"
    assert attribution_path(merged, date(2025, 6, 30), successor) == "/p/a/"


def test_moving_totals_carries_stocks_and_moves_flows_from_the_month_on() -> None:
    rows = [
        (date(2025, 1, 1), "members.total", 5),
        (date(2025, 1, 1), "members.admitted", 5),
        (date(2026, 3, 1), "members.total", 1),
        (date(2026, 3, 1), "members.admitted", 1),
        (date(2026, 5, 1), "members.admitted", 2),
    ]
    deltas = transfer_deltas(rows, date(2026, 3, 1), ["p", "a"], ["p", "b"])
    assert deltas.flat() == {
        ("a", date(2026, 3, 1), "members.total"): -6,
        ("b", date(2026, 3, 1), "members.total"): 6,
        ("a", date(2026, 3, 1), "members.admitted"): -1,
        ("b", date(2026, 3, 1), "members.admitted"): 1,
        ("a", date(2026, 5, 1), "members.admitted"): -2,
        ("b", date(2026, 5, 1), "members.admitted"): 2,
    }


def test_deltas_accumulate_and_write_sorted_without_zeros() -> None:
    deltas = Deltas()
    deltas.add(["p", "b"], date(2026, 1, 1), {"x": 1, "y": 2})
    deltas.add(["b"], date(2026, 1, 1), {"x": -1})
    deltas.add(["p"], date(2026, 1, 1), {"meetings.held": 1})
    assert [(o, f, metrics) for o, _, f, metrics in deltas.packed()] == [
        ("b", "inspection", {"y": 2}),
        ("p", "inspection", {"x": 1, "y": 2}),
        ("p", "meetings", {"meetings.held": 1}),
    ]


def test_spreading_summed_leaves_gives_the_cells_of_adding_each_change_on_its_path() -> None:
    """Paths of one organisation under two parents (a move), leaves that are also ancestors of other leaves,
    changes that cancel, empty ones, several months: the same cells (keys, zeros included) and values."""
    rng = random.Random(13)
    paths = ["/r/", "/r/p/", "/r/p/d/", "/r/p/d/b1/", "/r/p/d/b2/", "/r/q/", "/r/q/d/", "/r/q/d/b3/", "/s/d/b1/"]
    months = [date(2025, 12, 1), date(2026, 1, 1), date(2026, 11, 1)]
    metrics = ["members.total", "yob.1980", "members.admitted", "meetings.held"]
    one_by_one, leaves = Deltas(), Deltas()
    summed: dict[tuple[str, date], dict[str, int]] = {}
    for _ in range(400):
        path, month, sign = rng.choice(paths), rng.choice(months), rng.choice((1, -1))
        change = {m: rng.randint(1, 3) for m in rng.sample(metrics, rng.randint(0, 3))}
        one_by_one.add([o for o in path.split("/") if o], month, change, sign)
        cell = summed.setdefault((path, month), {})
        for metric, value in change.items():
            cell[metric] = cell.get(metric, 0) + sign * value
    leaves.spread(summed)
    assert leaves.cells == one_by_one.cells
    assert any(0 in cell.values() for cell in leaves.cells.values())  # the cancelled ones are there too
    assert leaves.packed() == one_by_one.packed()


def test_spreading_adds_to_cells_the_batch_already_holds() -> None:
    deltas = Deltas()
    deltas.add(["r", "b"], date(2026, 1, 1), {"x": 1})
    deltas.spread({("/r/b/", date(2026, 1, 1)): {"x": 2, "y": 1}, ("/r/", date(2026, 2, 1)): {"x": 5}})
    assert deltas.cells == {
        ("r", date(2026, 1, 1)): {"x": 3, "y": 1},
        ("b", date(2026, 1, 1)): {"x": 3, "y": 1},
        ("r", date(2026, 2, 1)): {"x": 5},
    }


def view(status: str, org: str = "b1", **kw: object) -> MemberView:
    return MemberView.model_validate(
        {
            "member_id": "m",
            "org_id": org,
            "status": status,
            "gender": "male",
            "birth_date": "1980-01-01",
            "effective_date": "2026-04-02",
            **kw,
        }
    )


def test_a_status_change_subtracts_the_old_contribution_and_adds_the_new() -> None:
    batch = Batch(members={"m": state("probationary", gender="male", minority=False, birth_date=date(1980, 1, 1))})
    [change, flow] = member_effects(batch, view("official", previous_status="probationary"), "members.recognised")
    assert change.contribution == {"members.status.probationary": -1, "members.status.official": 1}
    assert flow.contribution == {"members.recognised": 1}


def test_a_branch_change_moves_the_member_between_branches() -> None:
    batch = Batch(members={"m": state(gender="male", minority=False, birth_date=date(1980, 1, 1))})
    out = member_effects(
        batch, view("official", org="b2", previous_org_id="b1", transfer_kind="internal"), "members.transferred_out"
    )
    assert [(a.org_id, a.sign, a.contribution.get("members.total")) for a in out[:2]] == [("b1", -1, 1), ("b2", 1, 1)]
    assert (out[2].org_id, out[2].contribution) == (
        "b1",
        {"members.transferred_out": 1, "members.transferred_out.internal": 1},
    )


def test_a_temporary_arrival_at_a_host_counts_as_a_transfer_in_but_not_in_its_headcount() -> None:
    batch = Batch(members={"m": None})
    out = member_effects(batch, view("official", org="host", transfer_kind="temporary"), "members.transferred_in")
    assert [a.contribution for a in out] == [{"members.transferred_in": 1, "members.transferred_in.temporary": 1}]
    guest = batch.members["m"]
    assert guest is not None
    assert guest.guest
    assert member_effects(batch, view("official", org="host"), "members.exempted")[0].contribution == {
        "members.exempted": 1
    }


def test_each_monthly_row_is_rolled_up_into_its_year_in_key_order() -> None:
    rows = [
        ("a", date(2025, 3, 1), "membership", {"members.total": 2, "yob.1990": 1}),
        ("a", date(2025, 11, 1), "membership", {"members.total": -2, "yob.1990": 1}),
        ("a", date(2026, 1, 1), "meetings", {"meetings.held": 1}),
    ]
    assert with_years(rows) == [
        ("a", date(2025, 1, 1), "membership@y", {"yob.1990": 2}),  # a stock the year nets to zero: no key
        ("a", date(2025, 3, 1), "membership", {"members.total": 2, "yob.1990": 1}),
        ("a", date(2025, 11, 1), "membership", {"members.total": -2, "yob.1990": 1}),
        ("a", date(2026, 1, 1), "meetings", {"meetings.held": 1}),
    ]  # flows (all of meetings') need no roll-up: a report never reads a flow before its period
    cancelled = [
        ("a", date(2025, 3, 1), "m", {"members.total": 1}),
        ("a", date(2025, 4, 1), "m", {"members.total": -1}),
    ]
    assert [r[2] for r in with_years(cancelled)] == ["m", "m"]  # a year that nets to zero writes no roll-up


def test_the_one_pass_roll_up_writes_what_packing_then_rolling_up_writes() -> None:
    rng = random.Random(5)
    metrics = ["members.total", "members.admitted", "yob.1970", "meetings.held", "orgs.due.branch", "x"]
    deltas = Deltas()
    for _ in range(400):
        contribution = {rng.choice(metrics): rng.randint(-2, 2) for _ in range(3)}
        month = date(rng.randint(2024, 2026), rng.randint(1, 12), 1)
        deltas.add(rng.sample(["p", "a", "b", "c"], 2), month, contribution, rng.choice((1, -1)))
    assert deltas.with_years() == with_years(deltas.packed())
    assert any(f.endswith("@y") for _, _, f, _ in deltas.with_years())


def test_a_rebuild_copies_the_rows_and_roll_ups_a_live_flush_writes() -> None:
    rng = random.Random(7)
    metrics = ["members.total", "members.admitted", "yob.1970", "a.g.male", "meetings.held", "orgs.due.branch", "x"]
    deltas = Deltas()
    for n in range(600):
        chosen = metrics[:3] if n % 2 else metrics  # half the cells of one family, as a rebuild's nearly all are
        contribution = {rng.choice(chosen): rng.randint(-2, 2) for _ in range(3)}
        month = date(rng.randint(2024, 2026), rng.randint(1, 12), 1)
        deltas.add(rng.sample(["p", "a", "b", "c"], 2), month, contribution, rng.choice((1, -1)))
    live = deltas.with_years()
    copied = sorted((o, m, f, json.loads(d)) for o, m, f, d in copied_rows(deltas.cells))
    assert copied == live
    assert any(f.endswith("@y") for _, _, f, _ in live)
    assert any(0 in c.values() for c in deltas.cells.values())
    monthly = [(o, m) for o, m, f, _ in live if not f.endswith("@y")]
    assert len(set(monthly)) < len(monthly)  # cells of two families, each written as two rows


def test_placements_at_a_month_end_are_remembered_per_month_and_agree_with_a_fresh_lookup() -> None:
    history = OrgHistory(
        [Placement("/p/b/c/", date(2026, 3, 2), None), Placement("/p/a/c/", date(2025, 1, 1), date(2026, 3, 2))],
        "/p/b/c/",
    )
    for day in (date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2025, 6, 15)):
        assert history.at_month_end(day) == placement_on(history.placements, month_end(day))
    assert set(history.month_ends) == {(2026, 2), (2026, 3), (2025, 6)}


def test_metrics_are_encoded_as_the_json_module_would() -> None:
    metrics = {"members.total": -3, 'odd "name"\\': 12, "yob.1970": 1}
    assert json.loads(encode_metrics(metrics)) == metrics
    assert encode_metrics({}) == "{}"


def _attribution_path_month_by_month(history: OrgHistory, on: date, successor: dict[str, str]) -> str | None:
    """``attribution_path`` as written before the one-path shortcut (``OrgHistory.fixed``)."""
    path = placement_on(history.placements, month_end(on))
    if path is None and history.merged_into:
        path = successor.get(history.merged_into)
    return path or placement_on(history.placements, on) or history.current


def test_a_unit_with_one_path_whatever_the_date_is_attributed_as_the_month_by_month_lookup_would() -> None:
    rng = random.Random(13)
    days = [date(2023, 1, 1) + (date(2023, 1, 2) - date(2023, 1, 1)) * n for n in range(0, 5 * 366, 3)]
    successor = {"b": "/p/b/"}
    fixed = 0
    for _ in range(400):
        starts = sorted(rng.sample(days, rng.randint(0, 3)))
        ends = [*starts[1:], rng.choice([None, None, rng.choice(days)])][: len(starts)]
        placements = [
            Placement(rng.choice(["/p/a/", "/p/c/a/"]), start, end if end is None or end > start else None)
            for start, end in zip(starts, ends, strict=True)
        ]
        current = rng.choice([None, "/p/a/", "/p/c/a/"])
        history = OrgHistory(placements, current, rng.choice([None, None, "b"]))
        fixed += history.fixed is not None
        for on in rng.sample(days, 20):
            expected = _attribution_path_month_by_month(history, on, successor)
            assert attribution_path(history, on, successor.get) == expected, (history, on)
    assert fixed > 50  # the shortcut was taken, not only the month-by-month lookup
