package dev.omnigate.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's two streams, decoded from bytes as they arrive, as openapi/conformance/ (stream.json, sse.json) says.
 * The generated client reads whole JSON bodies; a stream's body is read from the HttpClient it uses, through these.
 */
public final class Streams {
  private Streams() {}

  /** Starts the plain-text stream's in-band failure; the provider's message follows it. */
  public static final String SENTINEL = "\n[error] ";

  static final String NO_MESSAGE = "the stream failed without a message";

  /** A failure after the stream started: the provider's message, as the gateway sent it in band. */
  public static final class StreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamException(String message) {
      super(message);
    }
  }

  /** Bytes to text, a character split between chunks held back; invalid bytes become U+FFFD. */
  static final class Utf8 {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    String push(byte[] chunk, int length) {
      ByteBuffer in = ByteBuffer.allocate(pending.remaining() + length);
      in.put(pending).put(chunk, 0, length).flip();
      CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
      decoder.decode(in, out, false);
      pending = in.slice();
      return out.flip().toString();
    }

    String finish() {
      CharBuffer out = CharBuffer.allocate(pending.remaining() + 2);
      decoder.decode(pending, out, true);
      decoder.flush(out);
      pending = ByteBuffer.allocate(0);
      return out.flip().toString();
    }
  }

  /** POST /v1/chat with stream: true: text as it arrives, never a character of the sentinel. */
  public static final class TextDecoder {
    private final Utf8 utf8 = new Utf8();
    private String held = "";
    private StringBuilder error;

    public String push(byte[] chunk, int length) {
      return take(utf8.push(chunk, length));
    }

    /** The text still held back; throws StreamException when the stream failed in band. */
    public String finish() {
      String text = take(utf8.finish());
      if (error != null) {
        String message = error.toString().strip();
        throw new StreamException(message.isEmpty() ? NO_MESSAGE : message);
      }
      text += held;
      held = "";
      return text;
    }

    private String take(String text) {
      if (error != null) {
        error.append(text);
        return "";
      }
      text = held + text;
      int at = text.indexOf(SENTINEL);
      if (at >= 0) {
        held = "";
        error = new StringBuilder(text.substring(at + SENTINEL.length()));
        return text.substring(0, at);
      }
      int keep = 0;
      for (int n = Math.min(SENTINEL.length() - 1, text.length()); n > 0; n--) {
        if (SENTINEL.startsWith(text.substring(text.length() - n))) {
          keep = n;
          break;
        }
      }
      held = text.substring(text.length() - keep);
      return text.substring(0, text.length() - keep);
    }
  }

  /**
   * POST /v1/chat/completions with stream: true: each frame's JSON up to {@code data: [DONE]}, or the in-band error
   * frame ({@link #error()}), after which it reads nothing more.
   */
  public static final class SseDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Utf8 utf8 = new Utf8();
    private final StringBuilder line = new StringBuilder();
    private List<String> data;
    private boolean afterCr;
    private boolean done;
    private String error;

    public boolean done() {
      return done;
    }

    public String error() {
      return error;
    }

    public List<JsonNode> push(byte[] chunk, int length) {
      return feed(utf8.push(chunk, length));
    }

    /** What is left: a last frame without its blank line counts. */
    public List<JsonNode> finish() {
      List<JsonNode> frames = feed(utf8.finish());
      if (line.length() > 0) {
        field(line.toString());
        line.setLength(0);
      }
      frames.addAll(dispatch());
      return frames;
    }

    private List<JsonNode> feed(String text) {
      List<JsonNode> frames = new ArrayList<>();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (afterCr && c == '\n') { // the LF of a CRLF
          afterCr = false;
          continue;
        }
        afterCr = c == '\r';
        if (c != '\r' && c != '\n') {
          line.append(c);
        } else if (line.length() > 0) {
          field(line.toString());
          line.setLength(0);
        } else {
          frames.addAll(dispatch());
        }
      }
      return frames;
    }

    private void field(String text) {
      if (text.equals("data") || text.startsWith("data:")) {
        String value = text.substring(Math.min(5, text.length()));
        if (data == null) data = new ArrayList<>();
        data.add(value.startsWith(" ") ? value.substring(1) : value);
      }
    }

    private List<JsonNode> dispatch() {
      List<String> lines = data;
      data = null;
      if (lines == null || done) return new ArrayList<>();
      String payload = String.join("\n", lines);
      if (payload.equals("[DONE]")) {
        done = true;
        return new ArrayList<>();
      }
      JsonNode frame;
      try {
        frame = JSON.readTree(payload);
      } catch (IOException e) {
        throw new UncheckedIOException("a data: frame is not JSON", e);
      }
      JsonNode failure = frame.get("error");
      if (failure != null && !failure.isNull()) {
        JsonNode message = failure.get("message");
        String text = message != null && message.isTextual() ? message.asText().strip() : "";
        done = true;
        error = text.isEmpty() ? NO_MESSAGE : text;
        return new ArrayList<>();
      }
      List<JsonNode> one = new ArrayList<>();
      one.add(frame);
      return one;
    }
  }

  /** Reads a body in the pieces it arrives in, until it ends or {@code each} says stop (returns false). */
  public static void read(InputStream body, java.util.function.BiPredicate<byte[], Integer> each) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
      if (n > 0 && !each.test(buffer, n)) return;
    }
  }
}
