package specvalidate

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMiddlewareValidatesServedExchanges(t *testing.T) {
	v := ForTest(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/device/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"name":5}`)
	})
	srv := httptest.NewServer(v.Middleware(mux))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/device/784f394c-42b6-435a-983c-b7beff2784f9")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"name":5}` || resp.StatusCode != 200 {
		t.Fatalf("answer changed: %d %s", resp.StatusCode, body)
	}
	if v.Exchanges() != 1 || len(v.Violations()) == 0 || !strings.Contains(v.Report(), "name") {
		t.Fatalf("exchanges=%d report=%s", v.Exchanges(), v.Report())
	}
}
