// Package streams decodes the gateway's two streams from bytes as they arrive, as openapi/conformance/ (stream.json,
// sse.json) says. The generated client hands a stream over as a raw *http.Response; these read its body.
package streams

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// Sentinel starts the plain-text stream's in-band failure; the provider's message follows it.
const Sentinel = "\n[error] "

const noMessage = "the stream failed without a message"

// StreamError is a failure after the stream started: the provider's message, as the gateway sent it in band.
type StreamError struct{ Message string }

func (e *StreamError) Error() string { return e.Message }

// utf8Decoder turns byte chunks into text, holding back a character split between chunks; invalid bytes become U+FFFD.
type utf8Decoder struct{ pending []byte }

func (d *utf8Decoder) push(chunk []byte) string {
	data := append(d.pending, chunk...)
	cut := len(data)
	// A character that starts in the last three bytes and is not complete yet waits for the next chunk.
	for i := len(data) - 1; i >= 0 && i >= len(data)-3; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	d.pending = append([]byte(nil), data[cut:]...)
	return valid(data[:cut])
}

// valid replaces each byte that starts no valid character with U+FFFD, as WHATWG's decoder (and Python's) do.
func valid(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	var out strings.Builder
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			out.WriteRune(utf8.RuneError)
		} else {
			out.Write(data[:size])
		}
		data = data[size:]
	}
	return out.String()
}

func (d *utf8Decoder) finish() string {
	if len(d.pending) == 0 {
		return ""
	}
	d.pending = nil
	return "\uFFFD" // a character cut off by the end of the body
}

// TextDecoder reads POST /v1/chat with stream: true: text as it arrives, never a byte of the sentinel.
type TextDecoder struct {
	utf8   utf8Decoder
	held   string
	failed bool
	error  strings.Builder
}

// Push takes the next bytes and returns the text that can be shown now.
func (d *TextDecoder) Push(chunk []byte) string { return d.take(d.utf8.push(chunk)) }

// Finish returns the text still held back, and a *StreamError when the stream failed in band.
func (d *TextDecoder) Finish() (string, error) {
	text := d.take(d.utf8.finish())
	if d.failed {
		message := strings.TrimSpace(d.error.String())
		if message == "" {
			message = noMessage
		}
		return text, &StreamError{message}
	}
	text, d.held = text+d.held, ""
	return text, nil
}

func (d *TextDecoder) take(text string) string {
	if d.failed {
		d.error.WriteString(text)
		return ""
	}
	text = d.held + text
	if at := strings.Index(text, Sentinel); at >= 0 {
		d.held, d.failed = "", true
		d.error.WriteString(text[at+len(Sentinel):])
		return text[:at]
	}
	keep := 0
	for n := min(len(Sentinel)-1, len(text)); n > 0; n-- {
		if strings.HasPrefix(Sentinel, text[len(text)-n:]) {
			keep = n
			break
		}
	}
	d.held = text[len(text)-keep:]
	return text[:len(text)-keep]
}

// SSEDecoder reads POST /v1/chat/completions with stream: true: each frame's JSON up to `data: [DONE]`, or the
// in-band error frame (Err), after which it reads nothing more.
type SSEDecoder struct {
	utf8    utf8Decoder
	line    strings.Builder
	data    []string
	hasData bool
	afterCR bool
	// Done is set by `data: [DONE]` and by an error frame.
	Done bool
	// Err is the in-band failure, once an error frame came.
	Err *StreamError
}

// Push takes the next bytes and returns the frames they completed.
func (d *SSEDecoder) Push(chunk []byte) ([]json.RawMessage, error) { return d.feed(d.utf8.push(chunk)) }

// Finish reads what is left: a last frame without its blank line counts.
func (d *SSEDecoder) Finish() ([]json.RawMessage, error) {
	frames, err := d.feed(d.utf8.finish())
	if err != nil {
		return frames, err
	}
	if d.line.Len() > 0 {
		d.field(d.line.String())
		d.line.Reset()
	}
	more, err := d.dispatch()
	return append(frames, more...), err
}

func (d *SSEDecoder) feed(text string) ([]json.RawMessage, error) {
	var frames []json.RawMessage
	for _, char := range text {
		if d.afterCR && char == '\n' { // the LF of a CRLF
			d.afterCR = false
			continue
		}
		d.afterCR = char == '\r'
		if char != '\r' && char != '\n' {
			d.line.WriteRune(char)
			continue
		}
		if d.line.Len() > 0 {
			d.field(d.line.String())
			d.line.Reset()
			continue
		}
		more, err := d.dispatch()
		frames = append(frames, more...)
		if err != nil {
			return frames, err
		}
	}
	return frames, nil
}

func (d *SSEDecoder) field(line string) {
	if line == "data" || strings.HasPrefix(line, "data:") {
		d.data = append(d.data, strings.TrimPrefix(strings.TrimPrefix(line[len("data"):], ":"), " "))
		d.hasData = true
	}
}

func (d *SSEDecoder) dispatch() ([]json.RawMessage, error) {
	if !d.hasData || d.Done {
		d.data, d.hasData = nil, false
		return nil, nil
	}
	payload := strings.Join(d.data, "\n")
	d.data, d.hasData = nil, false
	if payload == "[DONE]" {
		d.Done = true
		return nil, nil
	}
	var probe struct {
		Error *struct {
			Message *string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(payload), &probe); err != nil {
		return nil, errors.New("a data: frame is not JSON")
	}
	if probe.Error != nil {
		message := ""
		if probe.Error.Message != nil {
			message = strings.TrimSpace(*probe.Error.Message)
		}
		if message == "" {
			message = noMessage
		}
		d.Done, d.Err = true, &StreamError{message}
		return nil, nil
	}
	return []json.RawMessage{json.RawMessage(payload)}, nil
}
