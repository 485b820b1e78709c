"""Where the linked-accounts map draws each account (privacyapp/core/accounts/layout.py): the groups of linked
accounts, and a layout that is the same every time, places everyone, keeps names apart, keeps linked accounts
close, and fits a window."""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
import sys

import pytest

from privacyapp.core.accounts.layout import components, map_layout
from tests.conftest import REPO

SPACING = 150.0
Edges = list[tuple[str, str]]


# --- components ----------------------------------------------------------------------------------------------------


def test_components_biggest_first_each_in_the_nodes_order() -> None:
    nodes = ["a", "b", "c", "d", "e", "f", "g"]
    edges = [("f", "b"), ("g", "d"), ("d", "b"), ("a", "c")]
    assert components(nodes, edges) == [["b", "d", "f", "g"], ["a", "c"], ["e"]]


def test_components_of_equal_size_keep_the_order_of_their_first_node() -> None:
    nodes = ["z", "y", "x", "w", "v"]
    assert components(nodes, [("w", "x"), ("y", "z")]) == [["z", "y"], ["x", "w"], ["v"]]


def test_unlinked_nodes_are_groups_of_one() -> None:
    assert components(["a", "b", "c"], []) == [["a"], ["b"], ["c"]]
    assert components(["a"], [("a", "a")]) == [["a"]]  # a link to itself links nothing
    assert components([], []) == []


def test_edges_to_unknown_nodes_are_ignored() -> None:
    nodes = ["a", "b", "c"]
    edges = [("a", "ghost"), ("ghost", "b"), ("c", "nobody"), ("x", "y")]
    assert components(nodes, edges) == [["a"], ["b"], ["c"]]  # "ghost" does not join a and b
    assert components(nodes, [*edges, ("c", "a")]) == [["a", "c"], ["b"]]


def test_a_chain_of_links_is_one_group() -> None:
    nodes = [f"n{i}" for i in range(10)]
    edges = list(zip(nodes[1:], nodes[:-1], strict=True))[::-1]
    assert components(nodes, edges) == [nodes]


# --- map_layout ----------------------------------------------------------------------------------------------------


def mixed(count: int) -> tuple[list[str], Edges]:
    """`count` nodes: a chain of 4, a star of 3, a pair, a triangle, a chain of 6 ... as far as they go, then
    singletons; the nodes are interleaved so that groups are not contiguous in the input."""
    nodes = [f"acct{i:02d}" for i in range(count)]
    order = nodes[::2] + nodes[1::2]
    edges: Edges = []
    start = 0
    for size, shape in [(4, "chain"), (3, "star"), (2, "chain"), (3, "ring"), (6, "chain"), (5, "star"), (8, "chain")]:
        if start + size > count - 3:  # leave at least some singletons
            break
        group = order[start : start + size]
        if shape == "chain":
            edges += list(itertools.pairwise(group))
        elif shape == "star":
            edges += [(leaf, group[0]) for leaf in group[1:]]
        else:
            edges += [*itertools.pairwise(group), (group[-1], group[0])]
        start += size
    return nodes, edges


GRAPHS = {
    "1": (["solo"], []),
    "2 linked": (["a", "b"], [("a", "b")]),
    "2 apart": (["a", "b"], []),
    "12": mixed(12),
    "40": mixed(40),
}


def spread(positions: dict[str, tuple[float, float]]) -> tuple[float, float]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    return max(xs) - min(xs), max(ys) - min(ys)


def test_the_mixed_graphs_are_a_mix() -> None:
    for count in (12, 40):
        nodes, edges = mixed(count)
        groups = components(nodes, edges)
        assert sum(len(g) > 1 for g in groups) >= 3, count
        assert sum(len(g) == 1 for g in groups) >= 3, count


@pytest.mark.parametrize("name", list(GRAPHS))
def test_every_node_is_placed_and_nothing_else(name: str) -> None:
    nodes, edges = GRAPHS[name]
    positions = map_layout(nodes, edges, SPACING)
    assert sorted(positions) == sorted(nodes)
    assert all(math.isfinite(c) for point in positions.values() for c in point)


@pytest.mark.parametrize("name", list(GRAPHS))
def test_the_same_input_gives_the_same_layout(name: str) -> None:
    nodes, edges = GRAPHS[name]
    first = map_layout(nodes, edges, SPACING)
    assert map_layout(list(nodes), list(edges), SPACING) == first
    assert map_layout(tuple(nodes), tuple(edges), SPACING) == first


def test_the_layout_is_the_same_in_another_process() -> None:
    """No dependence on hash randomisation: two processes with different hash seeds agree with this one."""
    nodes, edges = mixed(40)
    script = (
        "import json, sys\n"
        "from privacyapp.core.accounts.layout import map_layout\n"
        "nodes, edges = json.load(sys.stdin)\n"
        "print(json.dumps(map_layout(nodes, [tuple(e) for e in edges], 150.0)))\n"
    )
    here = json.loads(json.dumps(map_layout(nodes, edges, SPACING)))
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps([nodes, edges]),
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=30,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == here


@pytest.mark.parametrize("name", list(GRAPHS))
def test_no_two_nodes_closer_than_half_the_spacing(name: str) -> None:
    nodes, edges = GRAPHS[name]
    positions = map_layout(nodes, edges, SPACING)
    for a, b in itertools.combinations(nodes, 2):
        assert math.dist(positions[a], positions[b]) >= SPACING / 2, (a, b, positions[a], positions[b])


def test_the_spacing_scales_the_map() -> None:
    nodes, edges = mixed(12)
    small, large = map_layout(nodes, edges, 100.0), map_layout(nodes, edges, 200.0)
    for a, b in itertools.combinations(nodes, 2):
        assert math.dist(large[a], large[b]) >= 100.0
    assert spread(large)[0] > spread(small)[0] and spread(large)[1] > spread(small)[1]


@pytest.mark.parametrize("count", [12, 40])
def test_linked_nodes_are_closer_on_average_than_unlinked_ones(count: int) -> None:
    nodes, edges = mixed(count)
    positions = map_layout(nodes, edges, SPACING)
    linked_pairs = {frozenset(e) for e in edges}
    linked = [math.dist(positions[a], positions[b]) for a, b in edges]
    unlinked = [
        math.dist(positions[a], positions[b])
        for a, b in itertools.combinations(nodes, 2)
        if frozenset((a, b)) not in linked_pairs
    ]
    assert sum(linked) / len(linked) < 0.5 * sum(unlinked) / len(unlinked)
    assert max(linked) < 2.5 * SPACING, "a link is drawn about one spacing long"


def test_two_linked_nodes_sit_about_one_spacing_apart() -> None:
    positions = map_layout(["a", "b"], [("a", "b")], SPACING)
    assert SPACING / 2 <= math.dist(positions["a"], positions["b"]) <= 2 * SPACING


@pytest.mark.parametrize("count", [12, 20, 40])
def test_the_map_is_roughly_as_wide_as_tall(count: int) -> None:
    nodes, edges = mixed(count)
    width, height = spread(map_layout(nodes, edges, SPACING))
    assert max(width, height) / max(min(width, height), SPACING) < 3, (width, height)


@pytest.mark.parametrize("count", [12, 40])
def test_only_singletons_make_a_squarish_grid(count: int) -> None:
    nodes = [f"s{i}" for i in range(count)]
    positions = map_layout(nodes, [], SPACING)
    width, height = spread(positions)
    assert max(width, height) / max(min(width, height), SPACING) < 3, (width, height)
    assert min(math.dist(positions[a], positions[b]) for a, b in itertools.combinations(nodes, 2)) >= SPACING - 1e-6


def test_two_hubs_shared_by_many_accounts_stay_apart() -> None:
    leaves = [f"app{i}" for i in range(9)]
    nodes = ["gmail", "apple", *leaves]
    edges = [(leaf, hub) for leaf in leaves for hub in ("gmail", "apple")]
    positions = map_layout(nodes, edges, SPACING)
    for a, b in itertools.combinations(nodes, 2):
        assert math.dist(positions[a], positions[b]) >= SPACING / 2, (a, b)
