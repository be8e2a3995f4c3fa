package dev.omnigate.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.omnigate.client.ApiClient;
import dev.omnigate.client.ApiException;
import dev.omnigate.client.api.AccountApi;
import dev.omnigate.client.api.ChatApi;
import dev.omnigate.client.api.KeysApi;
import dev.omnigate.client.api.ModelsApi;
import dev.omnigate.client.model.ChatReply;
import dev.omnigate.client.model.ChatRequest;
import dev.omnigate.client.model.CompatErrorResponse;
import dev.omnigate.client.model.CompletionMessage;
import dev.omnigate.client.model.CompletionRequest;
import dev.omnigate.client.model.CompletionRole;
import dev.omnigate.client.model.HTTPError;
import dev.omnigate.client.model.Message;
import dev.omnigate.client.model.NewAccount;
import dev.omnigate.client.model.Provider;
import dev.omnigate.client.model.Role;
import dev.omnigate.client.model.SetProviderKeyRequest;
import dev.omnigate.client.model.SignupRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

/**
 * The OmniGate quick start in Java, over the client openapi-generator makes from openapi/omnigate.yaml. Signs up a
 * fresh project, stores an OpenAI key, then prints six lines: a chat answer, the plain-text stream, the compat SSE
 * stream, the number of models, and two errors decoded with the generated models. The gateway is $OMNIGATE_BASE_URL
 * ({@code npx omnigate mock} serves a faithful one).
 */
public final class QuickStart {
  private static final String MODEL = "gpt-4o-mini";
  private static final String HELLO = "hello from java";

  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    String base = System.getenv("OMNIGATE_BASE_URL");
    if (base == null || base.isEmpty()) throw new IllegalStateException("set OMNIGATE_BASE_URL to the gateway");

    NewAccount account = new AccountApi(client(base, null))
        .signup(new SignupRequest().email("java-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com"), null);
    ApiClient client = client(base, account.getApiKey());
    new KeysApi(client).setProviderKey(
        new SetProviderKeyRequest().provider(Provider.OPENAI).apiKey("sk-example-not-real-0000"), null);

    ChatRequest chat = new ChatRequest().model(MODEL).messages(List.of(new Message().role(Role.USER).content(HELLO)));
    ChatReply reply = new ChatApi(client).chat(chat, null, null);
    System.out.println("chat: " + reply.getContent());

    // Streams go through the generated ApiClient's HttpClient, base URI, key and ObjectMapper: its typed methods
    // read whole JSON bodies.
    ObjectMapper json = client.getObjectMapper();
    HttpResponse<InputStream> text = stream(client, "/v1/chat", json.writeValueAsBytes(chat.stream(true)), "text/plain");
    Streams.TextDecoder textDecoder = new Streams.TextDecoder();
    StringBuilder joined = new StringBuilder();
    try (InputStream body = text.body()) {
      Streams.read(body, (chunk, n) -> joined.append(textDecoder.push(chunk, n)) != null);
    }
    joined.append(textDecoder.finish());
    System.out.println("stream: " + joined);

    CompletionMessage user = new CompletionMessage().role(CompletionRole.USER).content(HELLO);
    CompletionRequest compat = new CompletionRequest().model(MODEL).messages(List.of(user)).stream(true);
    HttpResponse<InputStream> sse = stream(client, "/v1/chat/completions", json.writeValueAsBytes(compat), "text/event-stream");
    Streams.SseDecoder sseDecoder = new Streams.SseDecoder();
    StringBuilder deltas = new StringBuilder();
    try (InputStream body = sse.body()) {
      Streams.read(body, (chunk, n) -> {
        sseDecoder.push(chunk, n).forEach(frame -> deltas.append(contentOf(json, frame)));
        return !sseDecoder.done();
      });
    }
    if (!sseDecoder.done()) sseDecoder.finish().forEach(frame -> deltas.append(contentOf(json, frame)));
    if (sseDecoder.error() != null) throw new Streams.StreamException(sseDecoder.error());
    System.out.println("compat-stream: " + deltas);

    System.out.println("models: " + new ModelsApi(client).listModels(null).getData().size());

    try {
      new AccountApi(client(base, "llmg_" + "x".repeat(43))).me(null);
      throw new IllegalStateException("a wrong key was accepted");
    } catch (ApiException e) {
      HTTPError error = json.readValue(e.getResponseBody(), HTTPError.class);
      System.out.println("error " + e.getCode() + ": " + error.getDetail());
    }

    // n: 2 is outside what the document allows (the generated enum has only 1), so the body is sent as JSON; the
    // answer is read with the generated model all the same.
    JsonNode body = json.valueToTree(compat.stream(false));
    ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("n", 2);
    HttpResponse<InputStream> refused = stream(client, "/v1/chat/completions", json.writeValueAsBytes(body), "application/json");
    try (InputStream in = refused.body()) {
      CompatErrorResponse error = json.readValue(in, CompatErrorResponse.class);
      System.out.println("error " + refused.statusCode() + ": " + error.getError().getMessage());
    }
  }

  /** An ApiClient for the gateway; with a key, every request carries it. */
  static ApiClient client(String base, String key) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(base);
    if (key != null) client.setRequestInterceptor(request -> request.header("x-api-key", key));
    return client;
  }

  /** POST a JSON body with the ApiClient's HttpClient, its interceptor applied, the response's body unread. */
  static HttpResponse<InputStream> stream(ApiClient client, String path, byte[] body, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getBaseUri() + path))
        .header("content-type", "application/json")
        .header("accept", accept)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (client.getRequestInterceptor() != null) client.getRequestInterceptor().accept(request);
    return client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The content deltas of one compat chunk, read as the generated ChatCompletionChunk. */
  static String contentOf(ObjectMapper json, JsonNode frame) {
    StringBuilder out = new StringBuilder();
    json.convertValue(frame, dev.omnigate.client.model.ChatCompletionChunk.class).getChoices().forEach(choice -> {
      if (choice.getDelta() != null && choice.getDelta().getContent() != null) out.append(choice.getDelta().getContent());
    });
    return out.toString();
  }
}
