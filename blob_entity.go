package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// BlobEntityService reads blob entities such as generated reports (Professional Edition). See Client.BlobEntities.
//
// A blob entity is a file that the server stored for a tenant or a customer: the
// reporting feature keeps the dashboard reports that scheduler events generate as
// blob entities (PDF, PNG or JPEG).
type BlobEntityService service

// Content types of blob entities.
const (
	BlobContentTypePDF  = "application/pdf"
	BlobContentTypeJPEG = "image/jpeg"
	BlobContentTypePNG  = "image/png"
)

// BlobEntityInfo describes a blob entity without its data.
type BlobEntityInfo struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer of the user whose scheduler event produced the blob,
	// or the null customer for tenant blobs.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OwnerID is the owning tenant or customer.
	OwnerID EntityID `json:"ownerId,omitzero"`
	// Name is the file name, such as "Dashboard-2024-05-01_10:00:00.pdf".
	Name string `json:"name"`
	// Type is the kind of blob, such as "report".
	Type string `json:"type"`
	// ContentType is the MIME type of the data: BlobContentTypePDF, BlobContentTypeJPEG or BlobContentTypePNG.
	ContentType string `json:"contentType"`
	// AdditionalInfo is free-form JSON.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
}

// BlobEntityWithCustomerInfo is a BlobEntityInfo with the title and public flag of
// its customer.
type BlobEntityWithCustomerInfo struct {
	BlobEntityInfo
	CustomerTitle    string `json:"customerTitle,omitzero"`
	CustomerIsPublic bool   `json:"customerIsPublic"`
}

// BlobEntityListOptions are the optional filters of BlobEntities.List.
type BlobEntityListOptions struct {
	// Type keeps the blobs of one type, such as "report".
	Type string
}

// GetInfo returns the description of the blob entity with the given id. A missing
// blob is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/blobEntity/info/{blobEntityId}
func (s *BlobEntityService) GetInfo(ctx context.Context, blobEntityID string) (*BlobEntityWithCustomerInfo, error) {
	if err := checkArgsOf("BlobEntities.GetInfo", "blobEntityID", blobEntityID); err != nil {
		return nil, err
	}
	return call[BlobEntityWithCustomerInfo](ctx, s.client, http.MethodGet, pathf("/api/blobEntity/info/%s", blobEntityID), nil, nil)
}

// Download returns the data of the blob entity with the given id. Its file name and
// content type are those of GetInfo. A missing blob is an *APIError matching
// ErrNotFound.
//
//tb:operation GET /api/blobEntity/{blobEntityId}/download
func (s *BlobEntityService) Download(ctx context.Context, blobEntityID string) ([]byte, error) {
	if err := checkArgsOf("BlobEntities.Download", "blobEntityID", blobEntityID); err != nil {
		return nil, err
	}
	var data []byte
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/blobEntity/%s/download", blobEntityID), nil, nil, &data); err != nil {
		return nil, err
	}
	return data, nil
}

// Delete deletes the blob entity with the given id.
//
//tb:operation DELETE /api/blobEntity/{blobEntityId}
func (s *BlobEntityService) Delete(ctx context.Context, blobEntityID string) error {
	if err := checkArgsOf("BlobEntities.Delete", "blobEntityID", blobEntityID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/blobEntity/%s", blobEntityID), nil, nil, nil)
}

// List returns one page of the blob entities the caller may read: the tenant's for a
// tenant administrator, the customer's for a customer user. The link's time bounds
// apply to the blobs' creation time; opts may be nil.
//
//tb:operation GET /api/blobEntities
func (s *BlobEntityService) List(ctx context.Context, pl TimePageLink, opts *BlobEntityListOptions) (*Page[BlobEntityWithCustomerInfo], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "type", opts.Type)
	}
	return call[Page[BlobEntityWithCustomerInfo]](ctx, s.client, http.MethodGet, "/api/blobEntities", q, nil)
}

// ListAll iterates over every blob entity that List returns, page after page.
//
//tb:operation GET /api/blobEntities
func (s *BlobEntityService) ListAll(ctx context.Context, pl TimePageLink, opts *BlobEntityListOptions) iter.Seq2[BlobEntityWithCustomerInfo, error] {
	return AllTime(ctx, pl, func(ctx context.Context, l TimePageLink) (*Page[BlobEntityWithCustomerInfo], error) {
		return s.List(ctx, l, opts)
	})
}

// ListByIDs returns the blob entities with the given ids that the caller may read;
// unknown ids are left out. It calls /api/blobEntities/list (4.3) and, on a server that
// does not know that path, the older /api/blobEntities?blobEntityIds= form.
//
//tb:operation GET /api/blobEntities/list
//tb:operation GET /api/blobEntities
func (s *BlobEntityService) ListByIDs(ctx context.Context, blobEntityIDs []string) ([]BlobEntityInfo, error) {
	if err := peCheckIDs("BlobEntities.ListByIDs", "blobEntityIDs", blobEntityIDs); err != nil {
		return nil, err
	}
	var out []BlobEntityInfo
	q := url.Values{"blobEntityIds": {strings.Join(blobEntityIDs, ",")}}
	if err := fetchByNewOrLegacyPath(ctx, s.client, "/api/blobEntities/list", "/api/blobEntities", q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// fetchByNewOrLegacyPath GETs path into out and, when the server does not know path
// (404 or 405: a server older than the route), GETs legacyPath with the same query.
// When the server rejects the legacy form as a bad request (it knows path, and the
// 404 was about an entity), the first error is returned.
func fetchByNewOrLegacyPath(ctx context.Context, c *Client, path, legacyPath string, q url.Values, out any) error {
	err := c.do(ctx, http.MethodGet, path, q, nil, out)
	var first *APIError
	if !errors.As(err, &first) || (first.StatusCode != http.StatusNotFound && first.StatusCode != http.StatusMethodNotAllowed) {
		return err
	}
	lerr := c.do(ctx, http.MethodGet, legacyPath, q, nil, out)
	var second *APIError
	if errors.As(lerr, &second) && second.StatusCode == http.StatusBadRequest {
		return err
	}
	return lerr
}
