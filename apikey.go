package thingsboard

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// APIKeyService manages API keys (ThingsBoard 4.3+). See Client.APIKeys.
//
// A key authenticates as the user it belongs to: pass its value to WithAPIKey. The
// server shows the value only once, in the answer to its creation.
type APIKeyService service

// APIKeyInfo describes an API key without its value.
type APIKeyInfo struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is set by the server from the key's user (read-only).
	TenantID EntityID `json:"tenantId,omitzero"`
	// UserID is the user the key authenticates as; required on creation.
	UserID EntityID `json:"userId,omitzero"`
	// ExpirationTime is when the key stops working, in epoch milliseconds; 0 means never.
	ExpirationTime int64 `json:"expirationTime"`
	// Description is required.
	Description string `json:"description"`
	// Enabled must be true for the key to work. It is always sent: a key saved with
	// Enabled false is created disabled.
	Enabled bool `json:"enabled"`
	// Expired is computed by the server from ExpirationTime (read-only).
	Expired bool `json:"expired,omitempty"`
}

// APIKey is an API key with its value, as the server returns it once on creation.
type APIKey struct {
	APIKeyInfo
	// Value is the secret to pass to WithAPIKey (it starts with "tb_"). It is empty
	// except in the answer to the key's creation.
	Value string `json:"value,omitempty"`
}

// String describes the key without its secret value.
func (k APIKey) String() string {
	state := "disabled"
	if k.Enabled {
		state = "enabled"
	}
	return "APIKey{id=" + k.ID.ID + ", userId=" + k.UserID.ID + ", description=" + strconv.Quote(k.Description) + ", " + state + "}"
}

// Save creates an API key (zero ID) or updates one, and returns it; only a creation's
// answer carries the key's Value. UserID and Description are required, and Enabled is
// sent as is.
//
//tb:operation POST /api/apiKey
func (s *APIKeyService) Save(ctx context.Context, key *APIKeyInfo) (*APIKey, error) {
	if key == nil {
		return nil, errors.New("thingsboard: APIKeys.Save: nil key")
	}
	return call[APIKey](ctx, s.client, http.MethodPost, "/api/apiKey", nil, key)
}

// Create creates an enabled API key for a user and returns it with its Value. A zero
// expiresAt makes a key that never expires.
//
//tb:operation POST /api/apiKey
func (s *APIKeyService) Create(ctx context.Context, userID, description string, expiresAt time.Time) (*APIKey, error) {
	if userID == "" {
		return nil, errMissing("APIKeys.Create", "userID")
	}
	return s.Save(ctx, &APIKeyInfo{UserID: NewEntityID(EntityTypeUser, userID), Description: description,
		ExpirationTime: Millis(expiresAt), Enabled: true})
}

// List returns one page of a user's API keys. Sort properties: createdTime,
// expirationTime, description, enabled.
//
//tb:operation GET /api/apiKeys/{userId}
func (s *APIKeyService) List(ctx context.Context, userID string, pl PageLink) (*Page[APIKeyInfo], error) {
	if userID == "" {
		return nil, errMissing("APIKeys.List", "userID")
	}
	return fetchPageOf[APIKeyInfo](ctx, s.client, pathf("/api/apiKeys/%s", userID), pl.Values())
}

// ListAll iterates over every API key of a user, starting at pl.
//
//tb:operation GET /api/apiKeys/{userId}
func (s *APIKeyService) ListAll(ctx context.Context, userID string, pl PageLink) iter.Seq2[APIKeyInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[APIKeyInfo], error) {
		return s.List(ctx, userID, pl)
	})
}

// UpdateDescription changes an API key's description and returns the key. The server
// reads the request body as the raw description text, so it is sent unquoted.
//
//tb:operation PUT /api/apiKey/{id}/description
func (s *APIKeyService) UpdateDescription(ctx context.Context, keyID, description string) (*APIKeyInfo, error) {
	if keyID == "" {
		return nil, errMissing("APIKeys.UpdateDescription", "keyID")
	}
	out := new(APIKeyInfo)
	err := s.client.do(ctx, http.MethodPut, pathf("/api/apiKey/%s/description", keyID), nil,
		rawBody{contentType: "application/json", data: []byte(description)}, out)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetEnabled enables or disables an API key and returns the key. A disabled key is
// refused by the server until enabled again.
//
//tb:operation PUT /api/apiKey/{id}/enabled/{enabledValue}
func (s *APIKeyService) SetEnabled(ctx context.Context, keyID string, enabled bool) (*APIKeyInfo, error) {
	if keyID == "" {
		return nil, errMissing("APIKeys.SetEnabled", "keyID")
	}
	return call[APIKeyInfo](ctx, s.client, http.MethodPut, pathf("/api/apiKey/%s/enabled/%s", keyID, strconv.FormatBool(enabled)), nil, nil)
}

// Delete deletes an API key; the server refuses it from then on.
//
//tb:operation DELETE /api/apiKey/{id}
func (s *APIKeyService) Delete(ctx context.Context, keyID string) error {
	if keyID == "" {
		return errMissing("APIKeys.Delete", "keyID")
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/apiKey/%s", keyID), nil, nil, nil)
}
