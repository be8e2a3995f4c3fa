"""The OmniGate quick start in Python, over the client openapi-python-client makes from openapi/omnigate.yaml.

Signs up a fresh project, stores an OpenAI key, then prints six lines: a chat answer, the plain-text stream, the
compat SSE stream, the number of models, and two errors decoded with the generated models. The gateway is
$OMNIGATE_BASE_URL (`npx omnigate mock` serves a faithful one).
"""

from __future__ import annotations

import os
import uuid

from omnigate_client import AuthenticatedClient, Client
from omnigate_client.api.account import me, signup
from omnigate_client.api.chat import chat
from omnigate_client.api.keys import set_provider_key
from omnigate_client.api.models import list_models
from omnigate_client.models import (
    ChatReply,
    ChatRequest,
    CompatErrorResponse,
    CompletionMessage,
    CompletionRequest,
    CompletionRole,
    HTTPError,
    Message,
    ModelList,
    NewAccount,
    Provider,
    Role,
    SetProviderKeyRequest,
    SignupRequest,
)
from omnigate_streams import sse_frames, text_stream

base_url = os.environ["OMNIGATE_BASE_URL"]
model = "gpt-4o-mini"
hello = "hello from python"

account = signup.sync(client=Client(base_url=base_url), body=SignupRequest(email=f"python-{uuid.uuid4().hex[:8]}@example.com"))
assert isinstance(account, NewAccount), account
# The gateway takes its key as `Authorization: Bearer` too: the generated AuthenticatedClient's default.
client = AuthenticatedClient(base_url=base_url, token=account.api_key)
stored = set_provider_key.sync_detailed(
    client=client, body=SetProviderKeyRequest(provider=Provider.OPENAI, api_key="sk-example-not-real-0000")
)
assert stored.status_code == 204, stored

reply = chat.sync(client=client, body=ChatRequest(model=model, messages=[Message(role=Role.USER, content=hello)]))
assert isinstance(reply, ChatReply), reply
print(f"chat: {reply.content}")

# Streams go through the generated client's httpx client: the typed functions read whole JSON bodies.
http = client.get_httpx_client()
body = ChatRequest(model=model, messages=[Message(role=Role.USER, content=hello)], stream=True).to_dict()
with http.stream("POST", "/v1/chat", json=body, headers={"accept": "text/plain"}) as response:
    response.raise_for_status()
    print(f"stream: {''.join(text_stream(response.iter_bytes()))}")

compat = CompletionRequest(model=model, messages=[CompletionMessage(role=CompletionRole.USER, content=hello)], stream=True)
with http.stream("POST", "/v1/chat/completions", json=compat.to_dict(), headers={"accept": "text/event-stream"}) as response:
    response.raise_for_status()
    deltas = [choice["delta"].get("content") or "" for frame in sse_frames(response.iter_bytes()) for choice in frame["choices"]]
    print(f"compat-stream: {''.join(deltas)}")

models = list_models.sync(client=client)
assert isinstance(models, ModelList), models
print(f"models: {len(models.data)}")

wrong = me.sync_detailed(client=AuthenticatedClient(base_url=base_url, token="llmg_" + "x" * 43))
assert wrong.status_code == 401 and isinstance(wrong.parsed, HTTPError), wrong
print(f"error 401: {wrong.parsed.detail}")

# n: 2 is outside what the document allows (the generated model refuses to build it), so the body is sent as JSON;
# the answer is read with the generated model all the same.
refused = http.post("/v1/chat/completions", json={**compat.to_dict(), "stream": False, "n": 2})
error = CompatErrorResponse.from_dict(refused.json())
assert refused.status_code == 400 and error.error, refused.text
print(f"error 400: {error.error.message}")
