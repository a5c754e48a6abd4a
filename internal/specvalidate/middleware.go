package specvalidate

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

// Middleware returns a handler that serves each request with next and validates the
// exchange, so every request a test server receives and every answer it gives are
// checked whoever the client is. WebSocket upgrades pass through unchecked.
func (v *Validator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			next.ServeHTTP(w, r)
			return
		}
		serve := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, req.WithContext(r.Context()))
			return rec.Result(), nil
		})
		req := r.Clone(r.Context())
		req.RequestURI = ""
		resp, err := v.Transport(serve).RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer resp.Body.Close()
		for k, vals := range resp.Header {
			w.Header()[k] = vals
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
