package emulator

import (
	"net/http"
	"sync"
)

var (
	wrapMu  sync.RWMutex
	wrapper func(http.Handler) http.Handler
)

// SetHandlerWrapper makes Handler wrap every server's handler with f (nil removes it).
// Test binaries use it to validate every exchange against the API specification.
func SetHandlerWrapper(f func(http.Handler) http.Handler) {
	wrapMu.Lock()
	defer wrapMu.Unlock()
	wrapper = f
}

// HTTPHandler returns s as an http.Handler, wrapped by the handler wrapper when one is set.
func HTTPHandler(s *Server) http.Handler {
	wrapMu.RLock()
	defer wrapMu.RUnlock()
	if wrapper != nil {
		return wrapper(s)
	}
	return s
}
