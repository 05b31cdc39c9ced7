"""Verifying the chain: stream every event in sequence order, recompute its hash, name the first broken event.

Fast and in constant memory (goal: at least 200k events/s, see docs/benchmarks.md and ADR 0011):

- rows are read with one server-side (PostgreSQL) or incremental (SQLite) cursor in chunks, as plain tuples, with
  the database doing the cheap conversions (the time as canonical UTC text, the subject as "<type>:<id>", JSON as
  text), so that Python only parses the two small JSON documents, builds the canonical JSON and hashes it;
- a long chain is split into contiguous sequence ranges verified by worker processes in parallel (one per core):
  each checks its own rows, and the links between ranges (the first prev_hash of a range against the last hash
  of the range before) are checked at the end. The answer is the same as one pass in order: the first broken
  event by sequence number.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import orjson
from django.db import connections

from innopark.audit.models import GENESIS_HASH, AuditEvent

CHUNK_SIZE = 5000
# Below this many events one process is faster than starting workers.
PARALLEL_THRESHOLD = 200_000

_COLUMNS = (
    "seq, {time}, actor_id, actor_label, event_type, subject_type || ':' || subject_id, zone_code, "
    "{before}, {after}, correlation_id, prev_hash, hash"
)
_POSTGRES_COLUMNS = _COLUMNS.format(
    time="to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
    before='"before"::text',
    after='"after"::text',
)
# Django stores aware datetimes on SQLite as naive UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]"; as an expression the
# column has no declared type, so Django's sqlite3 converter does not parse it into a datetime either.
_SQLITE_COLUMNS = _COLUMNS.format(
    time=(
        "substr(occurred_at, 1, 10) || 'T' || substr(occurred_at, 12, 15) || "
        "CASE WHEN length(occurred_at) = 19 THEN '.000000Z' ELSE 'Z' END"
    ),
    before='"before"',
    after='"after"',
)


@dataclass(frozen=True)
class VerifyResult:
    count: int
    head: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def message(self) -> str:
        if self.ok:
            return f"{self.count} events, head {self.head}"
        return f"chain broken at event {self.broken_at}: {self.reason}"


@dataclass(frozen=True)
class RangeResult:
    """One range [first, last] of sequence numbers, as its worker saw it."""

    first: int
    last: int
    first_prev_hash: str | None  # the prev_hash of the range's first row (None if the range is empty)
    last_hash: str | None
    count: int
    broken_at: int | None = None
    reason: str = ""


def _rows(connection, chunk_size: int, first: int, last: int | None):
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = _POSTGRES_COLUMNS if connection.vendor == "postgresql" else _SQLITE_COLUMNS
    where, params = "seq >= %s", [first]
    if last is not None:
        where, params = "seq >= %s AND seq <= %s", [first, last]
    # chunked_cursor(): a named (server-side) cursor on PostgreSQL, so memory stays constant.
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY seq", params)  # noqa: S608
        while True:
            chunk = cursor.fetchmany(chunk_size)
            if not chunk:
                return
            yield from chunk


def verify_range(using: str, first: int, last: int | None, chunk_size: int = CHUNK_SIZE) -> RangeResult:
    """Check rows first..last: contiguous, each linked to the one before it, each hash recomputed.

    The link of the range's first row to the row before the range is left to the caller (verify_chain).
    """
    connection = connections[using]
    loads, dumps, sha256, sort_keys = orjson.loads, orjson.dumps, hashlib.sha256, orjson.OPT_SORT_KEYS
    expected, prev, first_prev, count = first, None, None, 0
    # The hot loop: the canonical payload is inlined (it must stay identical to chain.payload_hash).
    for seq, time, actor_id, label, etype, subject, zone, before, after, corr, prev_hash, stored in _rows(
        connection, chunk_size, first, last
    ):
        if seq != expected:
            return RangeResult(first, expected - 1, first_prev, prev, count, expected, _gap(expected))
        if prev is None:
            first_prev = prev_hash
        elif prev_hash != prev:
            return RangeResult(first, seq - 1, first_prev, prev, count, seq, _link(seq))
        body = dumps(
            {
                "seq": seq,
                "time": time,
                "actor": actor_id,
                "actor_label": label,
                "type": etype,
                "subject": subject,
                "zone": zone,
                "before": loads(before) if before != "{}" else {},
                "after": loads(after) if after != "{}" else {},
                "correlation": corr,
            },
            option=sort_keys,
        )
        if sha256(body + prev_hash.encode("ascii")).hexdigest() != stored:
            return RangeResult(first, seq - 1, first_prev, prev, count, seq, "hash mismatch (row edited)")
        prev = stored
        expected += 1
        count += 1
    if last is not None and expected <= last:
        return RangeResult(first, expected - 1, first_prev, prev, count, expected, _gap(expected))
    return RangeResult(first, expected - 1, first_prev, prev, count)


def _gap(seq: int) -> str:
    return f"sequence gap: event {seq} missing"


def _link(seq: int) -> str:
    return f"prev_hash does not match event {seq - 1}"


def _combine(results: list[RangeResult]) -> VerifyResult:
    """Join the ranges in order: the first failure by sequence number wins, whether inside a range or at a link."""
    prev, count = GENESIS_HASH, 0
    for result in results:
        if result.first_prev_hash is not None and result.first_prev_hash != prev:
            return VerifyResult(count, prev, result.first, _link(result.first))
        if result.broken_at is not None:
            return VerifyResult(count + result.count, result.last_hash or prev, result.broken_at, result.reason)
        if result.count:
            prev, count = result.last_hash, count + result.count
    return VerifyResult(count, prev)


def _ranges(top: int, parts: int) -> list[tuple[int, int | None]]:
    """Split 1..top into `parts` contiguous ranges; the last is open-ended so that rows past `top` are checked."""
    size = max(1, -(-top // parts))
    bounds = [(start, min(start + size - 1, top)) for start in range(1, top + 1, size)] or [(1, None)]
    bounds[-1] = (bounds[-1][0], None)
    return bounds


def _release_connections() -> None:
    """Before forking workers: close our connections and PostgreSQL connection pools (whose sockets and threads
    must not be shared with a child), so that each worker opens connections of its own."""
    connections.close_all()
    for connection in connections.all(initialized_only=True):
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()


def _verify_in_worker(args) -> RangeResult:
    using, first, last, chunk_size = args
    return verify_range(using, first, last, chunk_size)


def verify_chain(
    using: str = "default", chunk_size: int = CHUNK_SIZE, workers: int | None = None, ranges: int | None = None
) -> VerifyResult:
    """Check the whole chain: contiguous from 1, each prev_hash is the previous hash, each hash holds.

    `workers`: processes to use (default: one per core for long chains, else 1); `ranges`: how many ranges to split
    into (default: one per worker). With one worker the ranges are checked in this process, one after the other.
    """
    connection = connections[using]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(seq), COUNT(*) FROM {table}")  # noqa: S608
        top, total = cursor.fetchone()
    top = top or 0
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if total >= PARALLEL_THRESHOLD else 1
    parts = _ranges(top, ranges or workers)
    jobs = [(using, first, last, chunk_size) for first, last in parts]
    if workers <= 1 or len(jobs) == 1:
        results = [_verify_in_worker(job) for job in jobs]
    else:
        _release_connections()
        context = multiprocessing.get_context("fork")  # children inherit the configured Django, settings and all
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = list(pool.map(_verify_in_worker, jobs))
    return _combine(results)
