"""Points the Python client (omnigate 0.1.0) at the Prism mock of openapi/omnigate.yaml and calls each method.

Prints JSON: what each call returned (or the error it raised) and every `sl-violations` header Prism sent,
which lists each way a request broke the document.
"""

from __future__ import annotations

import json
import sys

import httpx

from omnigate import Client

BASE = sys.argv[1]
violations: list[str] = []


class Recording(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if "sl-violations" in response.headers:
            violations.append(f"{request.method} {request.url.path}: {response.headers['sl-violations']}")
        return response


KEY = "llmg_TestKeyTestKeyTestKeyTestKeyTestKeyTestKey1"
calls = {
    "signup": lambda c: c.signup(email="dev@acme.dev", org_name="Acme", project_name="prod").org_id,
    "me": lambda c: c.me().project_name,
    "set_provider_key": lambda c: c.set_provider_key(provider="openai", api_key="sk-proj-0123456789abcdef"),
    "create_api_key": lambda c: c.create_api_key(name="ci").key_prefix,
    "chat": lambda c: c.chat(model="gpt-4o-mini", messages="Say hi in French").content,
    # Prism picks a media type by Accept (the real gateway by `stream` in the body), so this one call asks for text.
    "chat_stream": lambda c: "".join(c.chat_stream(model="gpt-4o-mini", messages="Stream me a haiku")),
    "completions": lambda c: c.completions(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])["object"],
    "models": lambda c: [m.id for m in c.models()],
    "metrics": lambda c: c.metrics(range="7d").totals.requests,
    "health": lambda c: c.health()["status"],
}
results = {}
for name, call in calls.items():
    headers = {"accept": "text/plain"} if name == "chat_stream" else None
    with Client(api_key=KEY, base_url=BASE, user_id="u-42", retries=0, headers=headers, transport=Recording()) as client:
        try:
            results[name] = {"ok": call(client)}
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
print(json.dumps({"results": results, "violations": violations}, indent=2))
