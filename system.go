package thingsboard

import (
	"context"
	"net/http"
)

// SystemService reads server-wide information.
type SystemService service

// SystemInfo is the server's version and edition.
type SystemInfo struct {
	Version  string `json:"version"`
	Artifact string `json:"artifact,omitempty"`
	Name     string `json:"name,omitempty"`
	// Type is the edition: "CE", "PE" or "PAAS".
	Type string `json:"type"`
}

// IsPE reports whether the server is a Professional Edition (or PaaS) server.
func (i *SystemInfo) IsPE() bool { return i.Type == "PE" || i.Type == "PAAS" }

// Info returns the server's version and edition.
//
//tb:operation GET /api/system/info
func (s *SystemService) Info(ctx context.Context) (*SystemInfo, error) {
	return call[SystemInfo](ctx, s.client, http.MethodGet, "/api/system/info", nil, nil)
}
