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

// WidgetService manages widget bundles and widget types. See Client.Widgets.
//
// A widget type is identified by its id or by its FQN (fully qualified name, such as
// "timeseries_line_chart"); a widget bundle groups widget types for the dashboard
// editor. ListBundleTypes and ListAvailableBundles use the routes of ThingsBoard
// 4.3.1.2 and later.
type WidgetService service

// WidgetsBundle is a named group of widget types.
type WidgetsBundle struct {
	// ID is the bundle's id; zero when creating one.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is the owning tenant; NullUUID for system bundles.
	TenantID EntityID `json:"tenantId,omitzero"`
	// Alias is unique in the tenant; the server derives it from Title when empty.
	Alias string `json:"alias,omitzero"`
	Title string `json:"title"`
	// Image is a relative image link (tb-image;/api/images/...) or an external URL.
	Image       string `json:"image,omitzero"`
	Scada       bool   `json:"scada"`
	Description string `json:"description,omitzero"`
	// Order places the bundle in the editor's list; nil leaves it unordered.
	Order      *int     `json:"order,omitzero"`
	ExternalID EntityID `json:"externalId,omitzero"`
	// Version is the optimistic-locking version (3.8+); see Device.Version.
	Version int64 `json:"version,omitzero"`
	// Name is the same as Title (read-only).
	Name string `json:"name,omitzero"`
}

// WidgetType is a widget type with its descriptor.
type WidgetType struct {
	// ID is the widget type's id; zero when creating one.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is the owning tenant; NullUUID for system widget types.
	TenantID EntityID `json:"tenantId,omitzero"`
	// FQN is the name dashboards use to refer to the widget type.
	FQN        string `json:"fqn,omitzero"`
	Name       string `json:"name"`
	Deprecated bool   `json:"deprecated"`
	Scada      bool   `json:"scada"`
	// Version is the optimistic-locking version (3.8+); see Device.Version.
	Version int64 `json:"version,omitzero"`
	// Descriptor is the widget's definition (type, templates, settings schema, ...).
	Descriptor json.RawMessage `json:"descriptor,omitzero"`
}

// WidgetTypeDetails is a WidgetType with its picture and description, the form that
// WidgetService.SaveType takes.
type WidgetTypeDetails struct {
	WidgetType
	Image       string   `json:"image,omitzero"`
	Description string   `json:"description,omitzero"`
	Tags        []string `json:"tags,omitzero"`
	ExternalID  EntityID `json:"externalId,omitzero"`
	// Resources are the images and files that the widget uses, when requested.
	Resources []json.RawMessage `json:"resources,omitzero"`
}

// WidgetTypeInfo describes a widget type without its descriptor, as lists return it.
type WidgetTypeInfo struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	FQN         string   `json:"fqn,omitzero"`
	Name        string   `json:"name"`
	Deprecated  bool     `json:"deprecated"`
	Scada       bool     `json:"scada"`
	Version     int64    `json:"version,omitzero"`
	// Image is the widget's picture (a link or a data URL).
	Image       string   `json:"image,omitzero"`
	Description string   `json:"description,omitzero"`
	Tags        []string `json:"tags,omitzero"`
	// WidgetType is the kind of widget: timeseries, latest, control, alarm or static.
	WidgetType string `json:"widgetType,omitzero"`
	// Bundles are the bundles that hold the widget type.
	Bundles []EntityInfo `json:"bundles,omitzero"`
}

// WidgetsBundleListOptions filter Widgets.ListBundles.
type WidgetsBundleListOptions struct {
	// TenantOnly keeps the tenant's own bundles, leaving out the system ones.
	TenantOnly bool
	// FullSearch matches the text search against descriptions too.
	FullSearch bool
	// ScadaFirst lists SCADA bundles first.
	ScadaFirst bool
}

// WidgetTypeListOptions filter Widgets.ListTypes and Widgets.ListBundleTypeInfos.
type WidgetTypeListOptions struct {
	// TenantOnly keeps the tenant's own widget types (ListTypes only).
	TenantOnly bool
	// FullSearch matches the text search against descriptions and tags too.
	FullSearch bool
	// DeprecatedFilter is ALL, ACTUAL or DEPRECATED; empty means ALL.
	DeprecatedFilter string
	// WidgetTypes keeps these kinds: timeseries, latest, control, alarm, static.
	WidgetTypes []string
	// ScadaFirst lists SCADA symbols first (ListTypes only).
	ScadaFirst bool
}

func (o *WidgetTypeListOptions) addTo(q url.Values, all bool) {
	if o == nil {
		return
	}
	if all && o.TenantOnly {
		q.Set("tenantOnly", "true")
	}
	if o.FullSearch {
		q.Set("fullSearch", "true")
	}
	setIf(q, "deprecatedFilter", o.DeprecatedFilter)
	if len(o.WidgetTypes) > 0 {
		q.Set("widgetTypeList", strings.Join(o.WidgetTypes, ","))
	}
	if all && o.ScadaFirst {
		q.Set("scadaFirst", "true")
	}
}

// GetBundle returns the widget bundle with the given id.
//
//tb:operation GET /api/widgetsBundle/{widgetsBundleId}
func (s *WidgetService) GetBundle(ctx context.Context, widgetsBundleID string) (*WidgetsBundle, error) {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return nil, err
	}
	return call[WidgetsBundle](ctx, s.client, http.MethodGet, pathf("/api/widgetsBundle/%s", widgetsBundleID), nil, nil)
}

// SaveBundle creates the widget bundle (zero ID) or updates it, and returns it as
// stored. A system administrator saves system bundles, a tenant administrator the
// tenant's.
//
//tb:operation POST /api/widgetsBundle
func (s *WidgetService) SaveBundle(ctx context.Context, b *WidgetsBundle) (*WidgetsBundle, error) {
	if b == nil {
		return nil, errors.New("thingsboard: Widgets.SaveBundle: nil bundle")
	}
	if err := checkArgs("bundle title", b.Title); err != nil {
		return nil, err
	}
	return call[WidgetsBundle](ctx, s.client, http.MethodPost, "/api/widgetsBundle", nil, b)
}

// UpdateBundleTypes sets the widget types of the bundle, by widget type id, in order.
//
//tb:operation POST /api/widgetsBundle/{widgetsBundleId}/widgetTypes
func (s *WidgetService) UpdateBundleTypes(ctx context.Context, widgetsBundleID string, widgetTypeIDs []string) error {
	return s.updateBundle(ctx, "/api/widgetsBundle/%s/widgetTypes", widgetsBundleID, "widgetTypeIDs", widgetTypeIDs)
}

// UpdateBundleTypeFQNs sets the widget types of the bundle, by FQN, in order.
//
//tb:operation POST /api/widgetsBundle/{widgetsBundleId}/widgetTypeFqns
func (s *WidgetService) UpdateBundleTypeFQNs(ctx context.Context, widgetsBundleID string, fqns []string) error {
	return s.updateBundle(ctx, "/api/widgetsBundle/%s/widgetTypeFqns", widgetsBundleID, "fqns", fqns)
}

func (s *WidgetService) updateBundle(ctx context.Context, format, widgetsBundleID, name string, list []string) error {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return err
	}
	for _, v := range list {
		if strings.TrimSpace(v) == "" {
			return errors.New("thingsboard: " + name + " holds an empty value")
		}
	}
	if list == nil {
		list = []string{}
	}
	return s.client.do(ctx, http.MethodPost, pathf(format, widgetsBundleID), nil, list, nil)
}

// DeleteBundle deletes the widget bundle; its widget types stay.
//
//tb:operation DELETE /api/widgetsBundle/{widgetsBundleId}
func (s *WidgetService) DeleteBundle(ctx context.Context, widgetsBundleID string) error {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/widgetsBundle/%s", widgetsBundleID), nil, nil, nil)
}

// ListBundles returns one page of the widget bundles available to the user: the
// system's and, for tenant users, the tenant's.
//
//tb:operation GET /api/widgetsBundles
func (s *WidgetService) ListBundles(ctx context.Context, pl PageLink, opts *WidgetsBundleListOptions) (*Page[WidgetsBundle], error) {
	q := pl.Values()
	if opts != nil {
		if opts.TenantOnly {
			q.Set("tenantOnly", "true")
		}
		if opts.FullSearch {
			q.Set("fullSearch", "true")
		}
		if opts.ScadaFirst {
			q.Set("scadaFirst", "true")
		}
	}
	return call[Page[WidgetsBundle]](ctx, s.client, http.MethodGet, "/api/widgetsBundles", q, nil)
}

// ListBundlesAll iterates over the widget bundles available to the user, page by page
// from pl.
//
//tb:operation GET /api/widgetsBundles
func (s *WidgetService) ListBundlesAll(ctx context.Context, pl PageLink, opts *WidgetsBundleListOptions) iter.Seq2[WidgetsBundle, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[WidgetsBundle], error) {
		return s.ListBundles(ctx, l, opts)
	})
}

// ListAvailableBundles returns every widget bundle available to the user in one list.
//
//tb:operation GET /api/widgetsBundles/all
func (s *WidgetService) ListAvailableBundles(ctx context.Context) ([]WidgetsBundle, error) {
	var out []WidgetsBundle
	if err := s.client.do(ctx, http.MethodGet, "/api/widgetsBundles/all", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetType returns the widget type with the given id, with its details.
//
//tb:operation GET /api/widgetType/{widgetTypeId}
func (s *WidgetService) GetType(ctx context.Context, widgetTypeID string) (*WidgetTypeDetails, error) {
	if err := checkArgs("widgetTypeID", widgetTypeID); err != nil {
		return nil, err
	}
	return call[WidgetTypeDetails](ctx, s.client, http.MethodGet, pathf("/api/widgetType/%s", widgetTypeID), nil, nil)
}

// GetTypeInfo returns the description of the widget type with the given id, with the
// bundles that hold it.
//
//tb:operation GET /api/widgetTypeInfo/{widgetTypeId}
func (s *WidgetService) GetTypeInfo(ctx context.Context, widgetTypeID string) (*WidgetTypeInfo, error) {
	if err := checkArgs("widgetTypeID", widgetTypeID); err != nil {
		return nil, err
	}
	return call[WidgetTypeInfo](ctx, s.client, http.MethodGet, pathf("/api/widgetTypeInfo/%s", widgetTypeID), nil, nil)
}

// GetTypeByFQN returns the widget type with the given FQN, such as
// "timeseries_line_chart" (a tenant's own widget types are prefixed "tenant.").
//
//tb:operation GET /api/widgetType
func (s *WidgetService) GetTypeByFQN(ctx context.Context, fqn string) (*WidgetType, error) {
	if err := checkArgs("fqn", fqn); err != nil {
		return nil, err
	}
	return call[WidgetType](ctx, s.client, http.MethodGet, "/api/widgetType", url.Values{"fqn": {fqn}}, nil)
}

// ListTypes returns one page of the widget types available to the user.
//
//tb:operation GET /api/widgetTypes
func (s *WidgetService) ListTypes(ctx context.Context, pl PageLink, opts *WidgetTypeListOptions) (*Page[WidgetTypeInfo], error) {
	q := pl.Values()
	opts.addTo(q, true)
	return call[Page[WidgetTypeInfo]](ctx, s.client, http.MethodGet, "/api/widgetTypes", q, nil)
}

// ListTypesAll iterates over the widget types available to the user, page by page
// from pl.
//
//tb:operation GET /api/widgetTypes
func (s *WidgetService) ListTypesAll(ctx context.Context, pl PageLink, opts *WidgetTypeListOptions) iter.Seq2[WidgetTypeInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[WidgetTypeInfo], error) {
		return s.ListTypes(ctx, l, opts)
	})
}

// SaveType creates the widget type (zero ID) or updates it, and returns it as stored.
//
//tb:operation POST /api/widgetType
func (s *WidgetService) SaveType(ctx context.Context, w *WidgetTypeDetails) (*WidgetTypeDetails, error) {
	if w == nil {
		return nil, errors.New("thingsboard: Widgets.SaveType: nil widget type")
	}
	if err := checkArgs("widget type name", w.Name); err != nil {
		return nil, err
	}
	return call[WidgetTypeDetails](ctx, s.client, http.MethodPost, "/api/widgetType", nil, w)
}

// DeleteType deletes the widget type.
//
//tb:operation DELETE /api/widgetType/{widgetTypeId}
func (s *WidgetService) DeleteType(ctx context.Context, widgetTypeID string) error {
	if err := checkArgs("widgetTypeID", widgetTypeID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/widgetType/%s", widgetTypeID), nil, nil, nil)
}

// ListBundleTypes returns the widget types of the bundle, with their descriptors.
//
//tb:operation GET /api/widgetsBundle/{widgetsBundleId}/widgetTypes
func (s *WidgetService) ListBundleTypes(ctx context.Context, widgetsBundleID string) ([]WidgetType, error) {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return nil, err
	}
	var out []WidgetType
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/widgetsBundle/%s/widgetTypes", widgetsBundleID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListBundleTypeDetails returns the widget types of the bundle with their details.
//
//tb:operation GET /api/widgetTypesDetails
func (s *WidgetService) ListBundleTypeDetails(ctx context.Context, widgetsBundleID string) ([]WidgetTypeDetails, error) {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return nil, err
	}
	var out []WidgetTypeDetails
	q := url.Values{"widgetsBundleId": {widgetsBundleID}}
	if err := s.client.do(ctx, http.MethodGet, "/api/widgetTypesDetails", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListBundleTypeFQNs returns the FQNs of the bundle's widget types, in order.
//
//tb:operation GET /api/widgetTypeFqns
func (s *WidgetService) ListBundleTypeFQNs(ctx context.Context, widgetsBundleID string) ([]string, error) {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return nil, err
	}
	var out []string
	q := url.Values{"widgetsBundleId": {widgetsBundleID}}
	if err := s.client.do(ctx, http.MethodGet, "/api/widgetTypeFqns", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListBundleTypeInfos returns one page of the descriptions of the bundle's widget
// types. TenantOnly and ScadaFirst of opts do not apply here.
//
//tb:operation GET /api/widgetTypesInfos
func (s *WidgetService) ListBundleTypeInfos(ctx context.Context, widgetsBundleID string, pl PageLink, opts *WidgetTypeListOptions) (*Page[WidgetTypeInfo], error) {
	if err := checkArgs("widgetsBundleID", widgetsBundleID); err != nil {
		return nil, err
	}
	q := pl.Values()
	q.Set("widgetsBundleId", widgetsBundleID)
	opts.addTo(q, false)
	return call[Page[WidgetTypeInfo]](ctx, s.client, http.MethodGet, "/api/widgetTypesInfos", q, nil)
}

// ListBundleTypeInfosAll iterates over the descriptions of the bundle's widget types,
// page by page from pl.
//
//tb:operation GET /api/widgetTypesInfos
func (s *WidgetService) ListBundleTypeInfosAll(ctx context.Context, widgetsBundleID string, pl PageLink, opts *WidgetTypeListOptions) iter.Seq2[WidgetTypeInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[WidgetTypeInfo], error) {
		return s.ListBundleTypeInfos(ctx, widgetsBundleID, l, opts)
	})
}
