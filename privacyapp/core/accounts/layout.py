"""Where to draw each account on the linked-accounts map. Each group of linked accounts is laid out by forces
(Fruchterman and Reingold: linked accounts pull together, all push apart), then the groups are packed in rows,
biggest first, with the unlinked accounts in a tidy grid at the end. Deterministic: the same accounts and links
always give the same picture, so the map does not jump about between visits."""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]


def components(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """The groups of linked nodes, biggest first, each in the nodes' own order; unlinked nodes are groups of one."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(root(n), []).append(n)
    order = {n: i for i, n in enumerate(nodes)}
    return sorted(groups.values(), key=lambda g: (-len(g), order[g[0]]))


def _forces(nodes: list[str], edges: list[tuple[str, str]], spacing: float, iterations: int) -> dict[str, Point]:
    count = len(nodes)
    radius = spacing * max(1.0, count / (2 * math.pi)) * 0.8
    pos = {  # start on a circle, in a fixed order: no randomness
        n: [radius * math.cos(2 * math.pi * i / count), radius * math.sin(2 * math.pi * i / count)]
        for i, n in enumerate(nodes)
    }
    temperature = spacing
    for _ in range(iterations):
        move = {n: [-0.05 * pos[n][0], -0.05 * pos[n][1]] for n in nodes}  # a little gravity to the centre
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = max(math.hypot(dx, dy), 0.01)
                push = spacing * spacing / dist
                move[a][0] += dx / dist * push
                move[a][1] += dy / dist * push
                move[b][0] -= dx / dist * push
                move[b][1] -= dy / dist * push
        for a, b in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 0.01)
            pull = dist * dist / spacing
            move[a][0] -= dx / dist * pull
            move[a][1] -= dy / dist * pull
            move[b][0] += dx / dist * pull
            move[b][1] += dy / dist * pull
        for n in nodes:
            dx, dy = move[n]
            length = max(math.hypot(dx, dy), 0.01)
            step = min(length, temperature)
            pos[n][0] += dx / length * step
            pos[n][1] += dy / length * step
        temperature = max(temperature * 0.95, spacing * 0.01)
    _separate(nodes, pos, spacing * 0.8)
    return {n: (p[0], p[1]) for n, p in pos.items()}


def _separate(nodes: list[str], pos: dict[str, list[float]], gap: float) -> None:
    """Push apart any two nodes closer than `gap`: accounts that share many neighbours (everything signs in with
    one and recovers through the other) are pulled onto each other by the forces."""
    for _ in range(50):
        moved = False
        for i, a in enumerate(nodes):
            for j, b in enumerate(nodes[i + 1 :], start=i + 1):
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                dist = math.hypot(dx, dy)
                if dist >= gap:
                    continue
                if dist < 1e-6:  # exactly on top of each other: a fixed direction, no randomness
                    dx, dy, dist = math.cos(i + j), math.sin(i + j), 1.0
                push = (gap - dist) / 2 + 0.5
                pos[a][0] -= dx / dist * push
                pos[a][1] -= dy / dist * push
                pos[b][0] += dx / dist * push
                pos[b][1] += dy / dist * push
                moved = True
        if not moved:
            return


def map_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]], spacing: float = 150.0) -> dict[str, Point]:
    """A position for each node; linked nodes about `spacing` apart, groups side by side."""
    groups = components(nodes, edges)
    linked = [g for g in groups if len(g) > 1]
    single = [g[0] for g in groups if len(g) == 1]
    pieces: list[dict[str, Point]] = []
    for group in linked:
        members = set(group)
        inside = [(a, b) for a, b in edges if a in members and b in members and a != b]
        pieces.append(_forces(group, inside, spacing, 200))
    if single:
        columns = max(1, math.ceil(math.sqrt(len(single))))
        pieces.append({n: ((i % columns) * spacing, (i // columns) * spacing) for i, n in enumerate(single)})
    # pack the pieces in rows, left to right, each piece's box moved to its slot
    boxes = []
    for piece in pieces:
        xs, ys = [p[0] for p in piece.values()], [p[1] for p in piece.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + spacing) * (h + spacing) for _, _, w, h in boxes)
    # rows about as wide as the whole is tall: the map fits a window without shrinking names past reading
    row_width = max(max((w for _, _, w, _ in boxes), default=0.0), math.sqrt(area) * 1.1)
    out: dict[str, Point] = {}
    x = y = row_height = 0.0
    for piece, (left, top, width, height) in zip(pieces, boxes, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + spacing, 0.0
        for n, (px, py) in piece.items():
            out[n] = (px - left + x, py - top + y)
        x += width + spacing
        row_height = max(row_height, height)
    return out
