"""Runs openapi/conformance/*.json through the Python client's own helpers (omnigate 0.1.0).

Prints one JSON object: for each vector file, the vectors where the Python client disagrees with the
expected result, keyed by the vector's reason, with what Python produced. An empty object means full
agreement. Files the Python client has no helper for are listed under "not_implemented".
"""

from __future__ import annotations

import base64
import codecs
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pydantic

from omnigate import _retry
from omnigate._transport import error_for_response, iter_text_chunks
from omnigate.exceptions import ProviderError
from omnigate.models import ChatRequest, coerce_messages

ROOT = Path(sys.argv[1])


def load(name: str) -> dict:
    return json.loads((ROOT / f"{name}.json").read_text(encoding="utf-8"))


class FixedNow(datetime):
    """datetime with now() pinned to the vector file's `now`, for HTTP-date Retry-After values."""

    pinned: datetime

    @classmethod
    def now(cls, tz=None):  # noqa: D102
        return cls.pinned


def pin_now(iso: str) -> None:
    FixedNow.pinned = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc)
    _retry.datetime = FixedNow


def classification() -> dict:
    data = load("classification")
    pin_now(data["now"])
    out = {}
    for v in data["vectors"]:
        response = httpx.Response(
            v["status"],
            headers=v["headers"],
            content=v["body"].encode("utf-8"),
            request=httpx.Request("GET", "http://gateway.test/"),
        )
        err = error_for_response(response)
        got = {"class": type(err).__name__, "statusCode": err.status_code, "detail": err.message, "requestId": err.request_id}
        if "retryAfter" in v["expect"]:
            got["retryAfter"] = err.retry_after
        if got != v["expect"]:
            out[v["reason"]] = got
    return out


def retry_after() -> dict:
    data = load("retry-after")
    pin_now(data["now"])
    out = {}
    for v in data["vectors"]:
        got = _retry.parse_retry_after(v["headers"].get("retry-after"))
        if got != v["expect"]:
            out[v["reason"]] = got
    return out


def retry_decisions() -> dict:
    data = load("retry-decisions")
    out = {}
    for v in data["vectors"]:
        c = {**data["defaults"], **v["config"]}
        cfg = _retry.RetryConfig(
            max_retries=c["maxRetries"],
            backoff_base=c["backoffBase"] / 1000,
            backoff_max=c["backoffMax"] / 1000,
            jitter=c["jitter"],
            retry_statuses=frozenset(c["retryStatuses"]),
        )
        outcome = v["outcome"]
        status = outcome.get("status") if outcome["kind"] == "status" else None
        retry = _retry.should_retry(status, v["attempt"], cfg)
        got: dict = {"retry": retry}
        if retry:
            ra = outcome.get("retryAfterMs")
            delays = []
            for extreme in (-1, 1):  # the two ends of random.uniform(-spread, spread)
                _retry.random.uniform = lambda a, b, e=extreme: a if e < 0 else b
                delays.append(_retry.compute_delay(v["attempt"], cfg, None if ra is None else ra / 1000) * 1000)
            got.update(minDelayMs=round(min(delays), 6), maxDelayMs=round(max(delays), 6))
        if got != v["expect"]:
            out[v["reason"]] = got
    return out


def field_of(exc: Exception) -> str:
    if isinstance(exc, pydantic.ValidationError):
        loc = exc.errors()[0]["loc"]
        path = ""
        for part in loc:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        return path
    return "messages"  # coerce_messages raises TypeError for the messages argument


def messages() -> dict:
    data = load("messages")
    out = {}
    for v in data["vectors"]:
        p = v["params"]
        try:
            msgs = coerce_messages(p.get("messages"))
            req = ChatRequest(model=p.get("model"), messages=msgs, max_tokens=p.get("max_tokens"), temperature=p.get("temperature"))
            got = {"messages": [m.model_dump() for m in req.messages]}
        except (TypeError, ValueError) as exc:
            got = {"error": {"field": field_of(exc)}}
        if got != v["expect"]:
            out[v["reason"]] = got
    return out


def stream() -> dict:
    data = load("stream")
    out = {}
    for v in data["vectors"]:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pieces = [decoder.decode(base64.b64decode(c)) for c in v["chunks"]] + [decoder.decode(b"", final=True)]
        text, error = "", None
        try:
            for chunk in iter_text_chunks(iter(pieces), "req"):
                text += chunk.text
        except ProviderError as exc:
            error = exc.message
        got = {"text": text, "error": error}
        if got != v["expect"]:
            out[v["reason"]] = got
    return out


report = {
    "classification": classification(),
    "retry-after": retry_after(),
    "retry-decisions": retry_decisions(),
    "messages": messages(),
    "stream": stream(),
    "not_implemented": ["sse"],
}
print(json.dumps(report, indent=2, ensure_ascii=False))
