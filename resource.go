package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strings"
)

// ResourceService manages resources (JavaScript modules, LwM2M models, files). See Client.Resources.
//
// Images are resources too, uploaded with Client.Images.
type ResourceService service

// ResourceType is the kind of a resource. A value this package does not list
// round-trips unchanged.
type ResourceType string

// Resource types.
const (
	ResourceTypeLwM2MModel ResourceType = "LWM2M_MODEL"
	ResourceTypeJKS        ResourceType = "JKS"
	ResourceTypePKCS12     ResourceType = "PKCS_12"
	ResourceTypeJSModule   ResourceType = "JS_MODULE"
	ResourceTypeImage      ResourceType = "IMAGE"
	ResourceTypeDashboard  ResourceType = "DASHBOARD"
	ResourceTypeGeneral    ResourceType = "GENERAL"
)

// ResourceSubType refines a resource type: IMAGE or SCADA_SYMBOL for images,
// EXTENSION or MODULE for JavaScript modules.
type ResourceSubType string

// Resource subtypes.
const (
	ResourceSubTypeImage       ResourceSubType = "IMAGE"
	ResourceSubTypeScadaSymbol ResourceSubType = "SCADA_SYMBOL"
	ResourceSubTypeExtension   ResourceSubType = "EXTENSION"
	ResourceSubTypeModule      ResourceSubType = "MODULE"
)

// TBResourceInfo describes a resource without its data.
type TBResourceInfo struct {
	// ID is the resource's id; zero when creating one.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is the owning tenant; NullUUID for system resources.
	TenantID EntityID `json:"tenantId,omitzero"`
	// CustomerID is set by Professional Edition servers for a customer's resource.
	CustomerID      EntityID        `json:"customerId,omitzero"`
	Title           string          `json:"title"`
	ResourceType    ResourceType    `json:"resourceType"`
	ResourceSubType ResourceSubType `json:"resourceSubType,omitzero"`
	// ResourceKey identifies the resource in its tenant, for example "gateway.js".
	ResourceKey       string `json:"resourceKey,omitzero"`
	PublicResourceKey string `json:"publicResourceKey,omitzero"`
	// Etag is the hash of the data (read-only).
	Etag     string `json:"etag,omitzero"`
	FileName string `json:"fileName,omitzero"`
	// Descriptor is free-form JSON, shaped by the type (an image's media type and
	// size, for example).
	Descriptor json.RawMessage `json:"descriptor,omitzero"`
	// Link and PublicLink are the paths to download the resource (read-only).
	Link       string `json:"link,omitzero"`
	PublicLink string `json:"publicLink,omitzero"`
	// Name is the same as Title (read-only).
	Name   string `json:"name,omitzero"`
	Public bool   `json:"public"`
}

// TBResource is a resource with its data.
type TBResource struct {
	TBResourceInfo
	// Data is the content; it travels as base64 text.
	Data []byte `json:"data,omitzero"`
	// Preview is an image's preview picture.
	Preview []byte `json:"preview,omitzero"`
}

// ResourceListOptions filter Resources.List.
type ResourceListOptions struct {
	ResourceType    ResourceType
	ResourceSubType ResourceSubType
}

// ResourceDeleteOptions tune Resources.Delete.
type ResourceDeleteOptions struct {
	// Force deletes a resource that dashboards or widgets still use.
	Force bool
}

// Get returns the resource with the given id, with its data.
//
//tb:operation GET /api/resource/{resourceId}
func (s *ResourceService) Get(ctx context.Context, resourceID string) (*TBResource, error) {
	if err := checkArgs("resourceID", resourceID); err != nil {
		return nil, err
	}
	return call[TBResource](ctx, s.client, http.MethodGet, pathf("/api/resource/%s", resourceID), nil, nil)
}

// GetInfo returns the description of the resource with the given id.
//
//tb:operation GET /api/resource/info/{resourceId}
func (s *ResourceService) GetInfo(ctx context.Context, resourceID string) (*TBResourceInfo, error) {
	if err := checkArgs("resourceID", resourceID); err != nil {
		return nil, err
	}
	return call[TBResourceInfo](ctx, s.client, http.MethodGet, pathf("/api/resource/info/%s", resourceID), nil, nil)
}

// Download returns the data of the resource with the given id.
//
//tb:operation GET /api/resource/{resourceId}/download
func (s *ResourceService) Download(ctx context.Context, resourceID string) ([]byte, error) {
	if err := checkArgs("resourceID", resourceID); err != nil {
		return nil, err
	}
	var out []byte
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/resource/%s/download", resourceID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Save creates the resource (zero ID) or updates it, and returns its description as
// stored.
//
//tb:operation POST /api/resource
func (s *ResourceService) Save(ctx context.Context, r *TBResource) (*TBResourceInfo, error) {
	if r == nil {
		return nil, errors.New("thingsboard: Resources.Save: nil resource")
	}
	if err := checkArgs("resource title", r.Title, "resource type", string(r.ResourceType)); err != nil {
		return nil, err
	}
	return call[TBResourceInfo](ctx, s.client, http.MethodPost, "/api/resource", nil, r)
}

// Delete deletes the resource. Without opts.Force the server refuses, with an
// *APIError of status 400, to delete a resource that is still in use.
//
//tb:operation DELETE /api/resource/{resourceId}
func (s *ResourceService) Delete(ctx context.Context, resourceID string, opts *ResourceDeleteOptions) error {
	if err := checkArgs("resourceID", resourceID); err != nil {
		return err
	}
	var q url.Values
	if opts != nil && opts.Force {
		q = url.Values{"force": {"true"}}
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/resource/%s", resourceID), q, nil, nil)
}

// List returns one page of the resources available to the user: the tenant's and the
// system's.
//
//tb:operation GET /api/resource
func (s *ResourceService) List(ctx context.Context, pl PageLink, opts *ResourceListOptions) (*Page[TBResourceInfo], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "resourceType", string(opts.ResourceType))
		setIf(q, "resourceSubType", string(opts.ResourceSubType))
	}
	return call[Page[TBResourceInfo]](ctx, s.client, http.MethodGet, "/api/resource", q, nil)
}

// ListAll iterates over the resources available to the user, page by page from pl.
//
//tb:operation GET /api/resource
func (s *ResourceService) ListAll(ctx context.Context, pl PageLink, opts *ResourceListOptions) iter.Seq2[TBResourceInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[TBResourceInfo], error) {
		return s.List(ctx, l, opts)
	})
}

// resourceFile is one file of a multipart upload.
type resourceFile struct {
	field       string
	fileName    string
	contentType string
	data        io.Reader
}

// resourceMultipart encodes a multipart/form-data body holding f and the non-empty
// text fields (name, value pairs, in order).
func resourceMultipart(f resourceFile, fields ...string) (rawBody, error) {
	if f.data == nil {
		return rawBody{}, errors.New("thingsboard: nil file data")
	}
	if strings.TrimSpace(f.fileName) == "" {
		return rawBody{}, errEmptyArg("file name")
	}
	data, err := io.ReadAll(f.data)
	if err != nil {
		return rawBody{}, fmt.Errorf("thingsboard: reading the file: %w", err)
	}
	ct := f.contentType
	if ct == "" {
		ct = mime.TypeByExtension(path.Ext(f.fileName))
	}
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": f.field, "filename": f.fileName}))
	h.Set("Content-Type", ct)
	part, err := w.CreatePart(h)
	if err != nil {
		return rawBody{}, err
	}
	if _, err := part.Write(data); err != nil {
		return rawBody{}, err
	}
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] == "" {
			continue
		}
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			return rawBody{}, err
		}
	}
	if err := w.Close(); err != nil {
		return rawBody{}, err
	}
	return rawBody{contentType: w.FormDataContentType(), data: buf.Bytes()}, nil
}
