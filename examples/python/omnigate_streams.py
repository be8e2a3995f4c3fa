"""The gateway's two streams, decoded from bytes as they arrive, as openapi/conformance/ (stream.json, sse.json) says.

The generated client reads JSON; a stream goes through its httpx client (`client.get_httpx_client().stream(...)`)
and these decoders. Both take bytes in any pieces and never scan what they already read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

SENTINEL = "\n[error] "
NO_MESSAGE = "the stream failed without a message"


class StreamError(Exception):
    """The stream failed after it started: the provider's message, as the gateway sent it in band."""


@dataclass
class TextEnd:
    text: str
    error: str | None


class TextStreamDecoder:
    """POST /v1/chat with stream: true. Text as it arrives; the message after `\\n[error] ` ends it as a failure."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._held = ""  # a possible start of the sentinel at the end of what came so far
        self._error: str | None = None

    def push(self, data: bytes) -> str:
        return self._take(self._utf8.decode(data))

    def finish(self) -> TextEnd:
        text = self._take(self._utf8.decode(b"", final=True))
        if self._error is not None:
            return TextEnd(text, self._error.strip() or NO_MESSAGE)
        text, self._held = text + self._held, ""
        return TextEnd(text, None)

    def _take(self, text: str) -> str:
        if self._error is not None:
            self._error += text
            return ""
        text = self._held + text
        at = text.find(SENTINEL)
        if at >= 0:
            self._held, self._error = "", text[at + len(SENTINEL) :]
            return text[:at]
        keep = next((n for n in range(min(len(SENTINEL) - 1, len(text)), 0, -1) if SENTINEL.startswith(text[-n:])), 0)
        self._held = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]


def text_stream(chunks: Iterable[bytes]) -> Iterator[str]:
    """The chat stream's text as it arrives; StreamError after the text when it failed in band."""
    decoder = TextStreamDecoder()
    for chunk in chunks:
        if text := decoder.push(chunk):
            yield text
    end = decoder.finish()
    if end.text:
        yield end.text
    if end.error is not None:
        raise StreamError(end.error)


def sse_frames(chunks: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """The compat stream's chunks up to `data: [DONE]`; StreamError after the chunks before an in-band error frame."""
    decoder = SseDecoder()
    for chunk in chunks:
        yield from decoder.push(chunk)
        if decoder.error is not None or decoder.done:
            break
    else:
        yield from decoder.finish()
    if decoder.error is not None:
        raise StreamError(decoder.error)


class SseDecoder:
    """POST /v1/chat/completions with stream: true. Each frame's JSON up to `data: [DONE]` or an error frame."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._line = ""
        self._data: list[str] | None = None
        self._after_cr = False
        self.done = False
        self.error: str | None = None

    def push(self, data: bytes) -> list[dict[str, Any]]:
        return self._feed(self._utf8.decode(data))

    def finish(self) -> list[dict[str, Any]]:
        frames = self._feed(self._utf8.decode(b"", final=True))
        if self._line:
            self._field(self._line)
            self._line = ""
        return frames + self._dispatch()

    def _feed(self, text: str) -> list[dict[str, Any]]:
        frames: list[dict[str, Any]] = []
        for char in text:
            if self._after_cr and char == "\n":  # the LF of a CRLF
                self._after_cr = False
                continue
            self._after_cr = char == "\r"
            if char in "\r\n":
                if self._line:
                    self._field(self._line)
                else:
                    frames += self._dispatch()
                self._line = ""
            else:
                self._line += char
        return frames

    def _field(self, line: str) -> None:
        if line == "data" or line.startswith("data:"):
            value = line[5:]
            self._data = (self._data or []) + [value.removeprefix(" ")]

    def _dispatch(self) -> list[dict[str, Any]]:
        if self._data is None or self.done:
            self._data = None
            return []
        payload, self._data = "\n".join(self._data), None
        if payload == "[DONE]":
            self.done = True
            return []
        frame = json.loads(payload)
        if isinstance(frame, dict) and frame.get("error"):
            self.done = True
            message = frame["error"].get("message") if isinstance(frame["error"], dict) else None
            self.error = (message if isinstance(message, str) else "").strip() or NO_MESSAGE
            return []
        return [frame]
