// The OmniGate quick start in Go, over the client oapi-codegen makes from openapi/omnigate.yaml (in ./omnigate).
//
// Signs up a fresh project, stores an OpenAI key, then prints six lines: a chat answer, the plain-text stream, the
// compat SSE stream, the number of models, and two errors decoded with the generated models. The gateway is
// $OMNIGATE_BASE_URL (`npx omnigate mock` serves a faithful one).
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"

	"omnigate.dev/quickstart/omnigate"
	"omnigate.dev/quickstart/streams"
)

const (
	model = "gpt-4o-mini"
	hello = "hello from go"
)

func main() {
	log.SetFlags(0)
	ctx := context.Background()
	base := os.Getenv("OMNIGATE_BASE_URL")
	if base == "" {
		log.Fatal("set OMNIGATE_BASE_URL to the gateway (npx omnigate mock serves one)")
	}

	anonymous := must(omnigate.NewClientWithResponses(base))
	account := must(anonymous.SignupWithResponse(ctx, nil, omnigate.SignupRequest{Email: "go-" + nonce() + "@example.com"}))
	if account.JSON201 == nil {
		log.Fatalf("signup: %d %s", account.StatusCode(), account.Body)
	}
	key := withKey(account.JSON201.ApiKey)
	client := must(omnigate.NewClientWithResponses(base, key))
	raw := must(omnigate.NewClient(base, key))

	stored := must(client.SetProviderKeyWithResponse(ctx, nil, omnigate.SetProviderKeyRequest{
		Provider: omnigate.Openai, ApiKey: "sk-example-not-real-0000",
	}))
	if stored.StatusCode() != http.StatusNoContent {
		log.Fatalf("set provider key: %d %s", stored.StatusCode(), stored.Body)
	}

	messages := []omnigate.Message{{Role: omnigate.RoleUser, Content: hello}}
	reply := must(client.ChatWithResponse(ctx, nil, omnigate.ChatRequest{Model: model, Messages: messages}))
	if reply.JSON200 == nil {
		log.Fatalf("chat: %d %s", reply.StatusCode(), reply.Body)
	}
	fmt.Printf("chat: %s\n", reply.JSON200.Content)

	// Streams go through the raw client: it hands the *http.Response over unread.
	stream := true
	response := must(raw.Chat(ctx, nil, omnigate.ChatRequest{Model: model, Messages: messages, Stream: &stream}, accept("text/plain")))
	fmt.Printf("stream: %s\n", readText(response))

	user := omnigate.CompletionMessage{Role: omnigate.CompletionRoleUser, Content: ptr(hello)}
	compat := omnigate.CompletionRequest{Model: model, Messages: []omnigate.CompletionMessage{user}, Stream: &stream}
	response = must(raw.ChatCompletions(ctx, nil, compat, accept("text/event-stream")))
	fmt.Printf("compat-stream: %s\n", readDeltas(response))

	models := must(client.ListModelsWithResponse(ctx, nil))
	if models.JSON200 == nil {
		log.Fatalf("models: %d %s", models.StatusCode(), models.Body)
	}
	fmt.Printf("models: %d\n", len(models.JSON200.Data))

	wrong := must(omnigate.NewClientWithResponses(base, withKey("llmg_"+strings.Repeat("x", 43))))
	me := must(wrong.MeWithResponse(ctx, nil))
	if me.JSON401 == nil {
		log.Fatalf("a wrong key: %d %s", me.StatusCode(), me.Body)
	}
	fmt.Printf("error 401: %s\n", me.JSON401.Detail)

	// n: 2 is outside what the document allows (the generated enum has only N1), so the body is sent as JSON;
	// the answer is read with the generated model all the same.
	body := must(json.Marshal(map[string]any{"model": model, "messages": []any{user}, "n": 2}))
	refused := must(raw.ChatCompletionsWithBody(ctx, nil, "application/json", bytes.NewReader(body)))
	defer refused.Body.Close()
	var failure omnigate.CompatErrorResponse
	if err := json.NewDecoder(refused.Body).Decode(&failure); err != nil || refused.StatusCode != http.StatusBadRequest || failure.Error == nil {
		log.Fatalf("n: 2: %d %v", refused.StatusCode, err)
	}
	fmt.Printf("error 400: %s\n", failure.Error.Message)
}

// readText joins the plain-text stream, failing on the gateway's in-band sentinel.
func readText(response *http.Response) string {
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		log.Fatalf("stream: %d", response.StatusCode)
	}
	var decoder streams.TextDecoder
	var text strings.Builder
	each(response.Body, func(chunk []byte) bool { text.WriteString(decoder.Push(chunk)); return true })
	rest, err := decoder.Finish()
	if err != nil {
		log.Fatalf("stream failed: %v", err)
	}
	return text.String() + rest
}

// readDeltas joins the content deltas of the compat stream's chunks (the generated ChatCompletionChunk).
func readDeltas(response *http.Response) string {
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		log.Fatalf("compat stream: %d", response.StatusCode)
	}
	var decoder streams.SSEDecoder
	var text strings.Builder
	add := func(frames []json.RawMessage, err error) {
		if err != nil {
			log.Fatal(err)
		}
		for _, frame := range frames {
			var chunk omnigate.ChatCompletionChunk
			if err := json.Unmarshal(frame, &chunk); err != nil {
				log.Fatal(err)
			}
			for _, choice := range chunk.Choices {
				if choice.Delta.Content != nil {
					text.WriteString(*choice.Delta.Content)
				}
			}
		}
	}
	each(response.Body, func(chunk []byte) bool { add(decoder.Push(chunk)); return !decoder.Done })
	if !decoder.Done {
		add(decoder.Finish())
	}
	if decoder.Err != nil {
		log.Fatalf("compat stream failed: %v", decoder.Err)
	}
	return text.String()
}

// each calls f with each piece of body as it arrives, until the body ends or f says stop.
func each(body io.Reader, f func([]byte) bool) {
	buffer := make([]byte, 16*1024)
	for {
		n, err := body.Read(buffer)
		if n > 0 && !f(buffer[:n]) {
			return
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			log.Fatal(err)
		}
	}
}

func withKey(key string) omnigate.ClientOption {
	return omnigate.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("x-api-key", key)
		return nil
	})
}

func accept(mediaType string) omnigate.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("accept", mediaType)
		return nil
	}
}

func nonce() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func ptr[T any](v T) *T { return &v }

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}
