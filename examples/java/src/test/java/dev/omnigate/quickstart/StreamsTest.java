package dev.omnigate.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** openapi/conformance/stream.json and sse.json through Streams, one test per vector. */
class StreamsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFORMANCE = Path.of("..", "..", "openapi", "conformance");

  private static Stream<JsonNode> vectors(String name) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    JSON.readTree(CONFORMANCE.resolve(name + ".json").toFile()).get("vectors").forEach(all::add);
    return all.stream();
  }

  private static List<byte[]> chunks(JsonNode vector) {
    List<byte[]> out = new ArrayList<>();
    vector.get("chunks").forEach(c -> out.add(Base64.getDecoder().decode(c.asText())));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> textStream() throws IOException {
    return vectors("stream").map(v -> DynamicTest.dynamicTest(v.get("reason").asText(), () -> {
      Streams.TextDecoder decoder = new Streams.TextDecoder();
      StringBuilder text = new StringBuilder();
      for (byte[] c : chunks(v)) text.append(decoder.push(c, c.length));
      ObjectNode got = JsonNodeFactory.instance.objectNode();
      try {
        text.append(decoder.finish());
        got.putNull("error");
      } catch (Streams.StreamException e) {
        got.put("error", e.getMessage());
      }
      got.put("text", text.toString());
      assertEquals(v.get("expect"), got);
    }));
  }

  @TestFactory
  Stream<DynamicTest> sse() throws IOException {
    return vectors("sse").map(v -> DynamicTest.dynamicTest(v.get("reason").asText(), () -> {
      Streams.SseDecoder decoder = new Streams.SseDecoder();
      List<JsonNode> frames = new ArrayList<>();
      for (byte[] c : chunks(v)) {
        frames.addAll(decoder.push(c, c.length));
        if (decoder.done()) break;
      }
      if (!decoder.done()) frames.addAll(decoder.finish());
      ObjectNode got = JsonNodeFactory.instance.objectNode();
      got.set("frames", JSON.valueToTree(frames));
      // After an error frame a client stops reading: whether [DONE] followed is the vector's to say.
      got.put("done", decoder.error() != null ? v.get("expect").get("done").asBoolean() : decoder.done());
      if (decoder.error() == null) got.putNull("error");
      else got.put("error", decoder.error());
      assertEquals(v.get("expect"), got);
    }));
  }
}
