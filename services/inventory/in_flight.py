"""Numbers this process is claiming, or claimed while a reservation was still reading, per pool.

A reservation reads free numbers, chooses, then claims; another reservation of the same process that
reads in between would choose the same numbers and lose its claim (then retry: the 200-admin bench saw
turns of 18 s). Its choice leaves alone what is being claimed right now and what was claimed since its
read began, which its read could not see. Other instances still race; their lost claims are retried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Pool = tuple[str, str]


@dataclass
class _PoolClaims:
    claiming: set[str] = field(default_factory=set)
    finished: list[tuple[int, frozenset[str]]] = field(default_factory=list)  # (sequence, numbers)
    sequence: int = 0
    readers: Counter[int] = field(default_factory=Counter)  # sequence when each read began

    def since(self, mark: int) -> set[str]:
        return {number for sequence, numbers in self.finished if sequence > mark for number in numbers}

    def trim(self) -> None:
        """Keeps only the claims some read still in progress began before."""
        oldest = min(self.readers, default=self.sequence)
        self.finished = [(sequence, numbers) for sequence, numbers in self.finished if sequence > oldest]


class ClaimsInFlight:
    def __init__(self) -> None:
        self._pools: dict[Pool, _PoolClaims] = {}

    @contextmanager
    def reading(self, pool: Pool) -> Iterator[Callable[[], set[str]]]:
        """Around reading and choosing: gives the numbers to leave alone, as of the moment it is called."""
        state = self._pools.setdefault(pool, _PoolClaims())
        mark = state.sequence
        state.readers[mark] += 1
        try:
            yield lambda: state.claiming | state.since(mark)
        finally:
            state.readers[mark] -= 1
            if not state.readers[mark]:
                del state.readers[mark]
            state.trim()

    @contextmanager
    def claiming(self, pool: Pool, numbers: Collection[str]) -> Iterator[None]:
        state = self._pools.setdefault(pool, _PoolClaims())
        state.claiming.update(numbers)
        try:
            yield
        finally:
            state.claiming.difference_update(numbers)
            state.sequence += 1
            state.finished.append((state.sequence, frozenset(numbers)))
            state.trim()
