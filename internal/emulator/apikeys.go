package emulator

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// API keys: ApiKeyController (4.3+). Keys live in the store (Tx.PutAPIKey); the core
// authenticates requests that carry them.

var apiKeySorts = []string{"createdTime", "expirationTime", "description", "enabled"}

func init() {
	Register(func(s *Server) {
		s.Handle("POST /api/apiKey", Authed(s.saveAPIKey))
		s.Handle("GET /api/apiKeys/{userId}", Authed(s.userAPIKeys))
		s.Handle("PUT /api/apiKey/{id}/description", Authed(s.updateAPIKeyDescription))
		s.Handle("PUT /api/apiKey/{id}/enabled/{enabledValue}", Authed(s.enableAPIKey))
		s.Handle("DELETE /api/apiKey/{id}", Authed(s.deleteAPIKey))
	})
}

// apiKeyInfoJSON is ApiKeyInfo as the server writes it.
type apiKeyInfoJSON struct {
	ID             tb.EntityID `json:"id"`
	CreatedTime    int64       `json:"createdTime"`
	TenantID       tb.EntityID `json:"tenantId"`
	UserID         tb.EntityID `json:"userId"`
	ExpirationTime int64       `json:"expirationTime"`
	Description    string      `json:"description"`
	Enabled        bool        `json:"enabled"`
	Expired        bool        `json:"expired"`
}

// apiKeyJSON is ApiKey: the info and the secret value, null except on creation.
type apiKeyJSON struct {
	apiKeyInfoJSON
	Value *string `json:"value"`
}

func (s *Server) apiKeyInfoOut(k APIKey) apiKeyInfoJSON {
	return apiKeyInfoJSON{ID: tb.NewEntityID(tb.EntityTypeAPIKey, k.ID), CreatedTime: k.CreatedTime,
		TenantID: tb.NewEntityID(tb.EntityTypeTenant, cmpOrNull(k.TenantID)), UserID: tb.NewEntityID(tb.EntityTypeUser, k.UserID),
		ExpirationTime: k.ExpirationTime, Description: k.Description, Enabled: k.Enabled,
		Expired: k.ExpirationTime != 0 && s.Now() > k.ExpirationTime}
}

// blankDescription is the answer to a key without a description.
func blankDescription() *Error { return BadRequest("Validation error: description must not be blank") }

// checkedAPIKey loads an API key the caller may use: 404 when it does not exist, 403
// when it belongs to another tenant or to a user the caller may not change.
func checkedAPIKey(tx *Tx, p *Principal, id string) (APIKey, error) {
	k, ok := tx.APIKeyByID(id)
	if !ok {
		return APIKey{}, NotFound("Api key", id)
	}
	if !p.IsSysAdmin() && cmpOrNull(k.TenantID) != p.TenantID {
		return APIKey{}, PermissionDenied()
	}
	if _, err := checkedUser(tx, p, k.UserID, true); err != nil {
		return APIKey{}, err
	}
	return k, nil
}

func (s *Server) saveAPIKey(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.APIKeyInfo
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Description) == "" {
		return blankDescription()
	}
	if in.UserID.ID == "" {
		return BadRequest("Invalid entity id")
	}
	userID, err := ParseUUID(in.UserID.ID)
	if err != nil {
		return err
	}
	var out apiKeyJSON
	err = s.store.Write(func(tx *Tx) error {
		user, err := checkedUser(tx, p, userID, true)
		if err != nil {
			return err
		}
		k := APIKey{UserID: userID, TenantID: user.TenantID, Description: in.Description, Enabled: in.Enabled,
			ExpirationTime: in.ExpirationTime}
		creating := in.ID.ID == ""
		if creating {
			k.ID, k.CreatedTime, k.Value = s.store.NewUUID(), tx.Now(), "tb_"+randomToken(64)
		} else {
			id, err := ParseUUID(in.ID.ID)
			if err != nil {
				return err
			}
			old, err := checkedAPIKey(tx, p, id)
			if err != nil {
				return err
			}
			if old.UserID != userID {
				return BadRequest("Cannot update API key user id!")
			}
			if old.ExpirationTime != in.ExpirationTime {
				return BadRequest("Cannot update API key expiration time!")
			}
			k.ID, k.CreatedTime, k.Value = old.ID, old.CreatedTime, old.Value
		}
		tx.PutAPIKey(k)
		out = apiKeyJSON{apiKeyInfoJSON: s.apiKeyInfoOut(k)}
		if creating {
			v := k.Value
			out.Value = &v
		}
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) userAPIKeys(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(apiKeySorts...); err != nil {
		return err
	}
	userID, err := PathUUID(r, "userId")
	if err != nil {
		return err
	}
	var keys []APIKey
	s.store.Read(func(tx *Tx) {
		if _, err = checkedUser(tx, p, userID, false); err == nil {
			keys = tx.APIKeys(userID)
		}
	})
	if err != nil {
		return err
	}
	recs := make([]Record, len(keys))
	byID := make(map[string]APIKey, len(keys))
	for i, k := range keys {
		byID[k.ID] = k
		recs[i] = Record{ID: tb.NewEntityID(tb.EntityTypeAPIKey, k.ID), Fields: map[string]string{
			"description": k.Description, "createdTime": strconv.FormatInt(k.CreatedTime, 10),
			"expirationTime": strconv.FormatInt(k.ExpirationTime, 10), "enabled": strconv.FormatBool(k.Enabled)}}
	}
	recs = SearchRecords(recs, pl, "description")
	SortRecords(recs, pl)
	page := Paginate(recs, pl)
	out := tb.Page[apiKeyInfoJSON]{Data: make([]apiKeyInfoJSON, len(page.Data)), TotalPages: page.TotalPages,
		TotalElements: page.TotalElements, HasNext: page.HasNext}
	for i, rec := range page.Data {
		out.Data[i] = s.apiKeyInfoOut(byID[rec.ID.ID])
	}
	return WriteJSON(w, out)
}

// changeAPIKey applies change to the key named by the {id} path segment and writes
// the key's info.
func (s *Server) changeAPIKey(w http.ResponseWriter, r *http.Request, p *Principal, change func(k *APIKey) error) error {
	id, err := PathUUID(r, "id")
	if err != nil {
		return err
	}
	var out apiKeyInfoJSON
	err = s.store.Write(func(tx *Tx) error {
		k, err := checkedAPIKey(tx, p, id)
		if err != nil {
			return err
		}
		if err := change(&k); err != nil {
			return err
		}
		tx.PutAPIKey(k)
		out = s.apiKeyInfoOut(k)
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

// updateAPIKeyDescription takes the description as the raw request body.
func (s *Server) updateAPIKeyDescription(w http.ResponseWriter, r *http.Request, p *Principal) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return BadRequest("Failed to read request body: %v", err)
	}
	desc := string(b)
	return s.changeAPIKey(w, r, p, func(k *APIKey) error {
		if strings.TrimSpace(desc) == "" {
			return blankDescription()
		}
		k.Description = desc
		return nil
	})
}

func (s *Server) enableAPIKey(w http.ResponseWriter, r *http.Request, p *Principal) error {
	v := r.PathValue("enabledValue")
	var enabled bool
	switch strings.ToLower(v) {
	case "true", "on", "yes", "1":
		enabled = true
	case "false", "off", "no", "0":
	default:
		return BadRequest("Method parameter 'enabledValue': Failed to convert value of type 'java.lang.String' to required type 'java.lang.Boolean'; Invalid boolean value [%s]", v)
	}
	return s.changeAPIKey(w, r, p, func(k *APIKey) error {
		k.Enabled = enabled
		return nil
	})
}

func (s *Server) deleteAPIKey(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "id")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		if _, err := checkedAPIKey(tx, p, id); err != nil {
			return err
		}
		tx.DeleteAPIKey(id)
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
