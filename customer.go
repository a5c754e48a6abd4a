package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// CustomerService manages customers. See Client.Customers.
type CustomerService service

// Customer is a customer of a tenant. Saving a Customer with a zero ID creates it.
type Customer struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// Title is required and unique within the tenant.
	Title    string   `json:"title"`
	TenantID EntityID `json:"tenantId,omitzero"`
	Country  string   `json:"country,omitempty"`
	State    string   `json:"state,omitempty"`
	City     string   `json:"city,omitempty"`
	Address  string   `json:"address,omitempty"`
	Address2 string   `json:"address2,omitempty"`
	Zip      string   `json:"zip,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	Email    string   `json:"email,omitempty"`
	// AdditionalInfo is free-form JSON: description, homeDashboardId,
	// homeDashboardHideToolbar, and isPublic for the tenant's public customer.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
	// Version is the optimistic-locking version (3.8+); zero saves unconditionally.
	Version int64 `json:"version,omitzero"`
	// Name is the title, written by the server (read-only).
	Name string `json:"name,omitempty"`
	// ParentCustomerID, CustomMenuID, CustomerID and OwnerID exist on Professional
	// Edition servers only (customer hierarchy).
	ParentCustomerID EntityID `json:"parentCustomerId,omitzero"`
	CustomMenuID     EntityID `json:"customMenuId,omitzero"`
	CustomerID       EntityID `json:"customerId,omitzero"`
	OwnerID          EntityID `json:"ownerId,omitzero"`
}

// IsPublic reports whether this is the tenant's public customer, which owns the
// entities and dashboards shared with unauthenticated users (additionalInfo.isPublic).
func (c *Customer) IsPublic() bool {
	var info struct {
		IsPublic bool `json:"isPublic"`
	}
	return len(c.AdditionalInfo) > 0 && json.Unmarshal(c.AdditionalInfo, &info) == nil && info.IsPublic
}

// CustomerInfo is a Customer with its owner's name and entity groups (Professional Edition).
type CustomerInfo struct {
	Customer
	OwnerName string       `json:"ownerName,omitempty"`
	Groups    []EntityInfo `json:"groups,omitempty"`
}

// ShortCustomerInfo is a customer's id, title and public flag, as in a dashboard's
// assigned customers. It also decodes the server's short info object, which writes the
// flag as "isPublic".
type ShortCustomerInfo struct {
	CustomerID EntityID `json:"customerId"`
	Title      string   `json:"title"`
	Public     bool     `json:"public"`
}

// UnmarshalJSON accepts both "public" and "isPublic".
func (s *ShortCustomerInfo) UnmarshalJSON(b []byte) error {
	var raw struct {
		CustomerID EntityID `json:"customerId"`
		Title      string   `json:"title"`
		Public     *bool    `json:"public"`
		IsPublic   *bool    `json:"isPublic"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*s = ShortCustomerInfo{CustomerID: raw.CustomerID, Title: raw.Title}
	switch {
	case raw.Public != nil:
		s.Public = *raw.Public
	case raw.IsPublic != nil:
		s.Public = *raw.IsPublic
	}
	return nil
}

// CustomerInfoListOptions are the optional filters of the Professional Edition
// customer info lists.
type CustomerInfoListOptions struct {
	// IncludeCustomers also returns sub-customers.
	IncludeCustomers bool
}

// Get returns the customer with the given id. A customer user may read only its own
// customer; other ids are an *APIError matching ErrPermissionDenied.
//
//tb:operation GET /api/customer/{customerId}
func (s *CustomerService) Get(ctx context.Context, customerID string) (*Customer, error) {
	if customerID == "" {
		return nil, errMissing("Customers.Get", "customerID")
	}
	return call[Customer](ctx, s.client, http.MethodGet, pathf("/api/customer/%s", customerID), nil, nil)
}

// GetInfo returns the customer with its owner name and groups (Professional Edition).
//
//tb:operation GET /api/customer/info/{customerId}
func (s *CustomerService) GetInfo(ctx context.Context, customerID string) (*CustomerInfo, error) {
	if customerID == "" {
		return nil, errMissing("Customers.GetInfo", "customerID")
	}
	return call[CustomerInfo](ctx, s.client, http.MethodGet, pathf("/api/customer/info/%s", customerID), nil, nil)
}

// GetShortInfo returns the customer's title and public flag. CustomerID is set from
// the argument.
//
//tb:operation GET /api/customer/{customerId}/shortInfo
func (s *CustomerService) GetShortInfo(ctx context.Context, customerID string) (*ShortCustomerInfo, error) {
	if customerID == "" {
		return nil, errMissing("Customers.GetShortInfo", "customerID")
	}
	info := new(ShortCustomerInfo)
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/customer/%s/shortInfo", customerID), nil, nil, info); err != nil {
		return nil, err
	}
	if info.CustomerID.IsZero() {
		info.CustomerID = NewEntityID(EntityTypeCustomer, customerID)
	}
	return info, nil
}

// GetTitle returns the customer's title.
//
//tb:operation GET /api/customer/{customerId}/title
func (s *CustomerService) GetTitle(ctx context.Context, customerID string) (string, error) {
	if customerID == "" {
		return "", errMissing("Customers.GetTitle", "customerID")
	}
	var title string
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/customer/%s/title", customerID), nil, nil, &title); err != nil {
		return "", err
	}
	return title, nil
}

// GetByTitle returns the tenant's customer with this title. None is an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/tenant/customers
func (s *CustomerService) GetByTitle(ctx context.Context, title string) (*Customer, error) {
	if title == "" {
		return nil, errMissing("Customers.GetByTitle", "title")
	}
	return call[Customer](ctx, s.client, http.MethodGet, "/api/tenant/customers", url.Values{"customerTitle": {title}}, nil)
}

// Save creates the customer (zero ID) or updates it, and returns the saved customer.
// A duplicate title is an *APIError matching ErrBadRequest unless opts asks the server
// to make it unique. opts may be nil.
//
//tb:operation POST /api/customer
func (s *CustomerService) Save(ctx context.Context, customer *Customer, opts *EntitySaveOptions) (*Customer, error) {
	if customer == nil {
		return nil, errors.New("thingsboard: Customers.Save: nil customer")
	}
	return call[Customer](ctx, s.client, http.MethodPost, "/api/customer", opts.values(), customer)
}

// Delete deletes the customer, with its users; its devices, assets and dashboards are
// unassigned.
//
//tb:operation DELETE /api/customer/{customerId}
func (s *CustomerService) Delete(ctx context.Context, customerID string) error {
	if customerID == "" {
		return errMissing("Customers.Delete", "customerID")
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/customer/%s", customerID), nil, nil, nil)
}

// List returns one page of the tenant's customers. Sort properties: createdTime,
// title, email, country, city.
//
//tb:operation GET /api/customers
func (s *CustomerService) List(ctx context.Context, pl PageLink) (*Page[Customer], error) {
	return fetchPageOf[Customer](ctx, s.client, "/api/customers", pl.Values())
}

// ListAll iterates over every customer of the tenant, starting at pl.
//
//tb:operation GET /api/customers
func (s *CustomerService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[Customer, error] {
	return All(ctx, pl, s.List)
}

// ListByIDs returns the customers with the given ids; unknown ids are left out.
//
//tb:operation GET /api/customers/list
func (s *CustomerService) ListByIDs(ctx context.Context, customerIDs []string) ([]Customer, error) {
	ids, err := joinIDList("Customers.ListByIDs", "customerIDs", customerIDs)
	if err != nil {
		return nil, err
	}
	var out []Customer
	if err := s.client.do(ctx, http.MethodGet, "/api/customers/list", url.Values{"customerIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListUserCustomers returns one page of the customers the current user owns or can read
// through group permissions (Professional Edition).
//
//tb:operation GET /api/user/customers
func (s *CustomerService) ListUserCustomers(ctx context.Context, pl PageLink) (*Page[Customer], error) {
	return fetchPageOf[Customer](ctx, s.client, "/api/user/customers", pl.Values())
}

// ListUserCustomersAll iterates over every customer ListUserCustomers returns, starting at pl.
//
//tb:operation GET /api/user/customers
func (s *CustomerService) ListUserCustomersAll(ctx context.Context, pl PageLink) iter.Seq2[Customer, error] {
	return All(ctx, pl, s.ListUserCustomers)
}

// ListByEntityGroup returns one page of the customers in a customer group (Professional Edition).
//
//tb:operation GET /api/entityGroup/{entityGroupId}/customers
func (s *CustomerService) ListByEntityGroup(ctx context.Context, entityGroupID string, pl PageLink) (*Page[Customer], error) {
	if entityGroupID == "" {
		return nil, errMissing("Customers.ListByEntityGroup", "entityGroupID")
	}
	return fetchPageOf[Customer](ctx, s.client, pathf("/api/entityGroup/%s/customers", entityGroupID), pl.Values())
}

// ListAllInfos returns one page of customer infos owned by the caller's tenant or
// customer (Professional Edition). opts may be nil.
//
//tb:operation GET /api/customerInfos/all
func (s *CustomerService) ListAllInfos(ctx context.Context, pl PageLink, opts *CustomerInfoListOptions) (*Page[CustomerInfo], error) {
	q := pl.Values()
	if opts != nil && opts.IncludeCustomers {
		q.Set("includeCustomers", "true")
	}
	return fetchPageOf[CustomerInfo](ctx, s.client, "/api/customerInfos/all", q)
}

// ListInfosByCustomer returns one page of the sub-customers of a customer (Professional
// Edition). opts may be nil.
//
//tb:operation GET /api/customer/{customerId}/customerInfos
func (s *CustomerService) ListInfosByCustomer(ctx context.Context, customerID string, pl PageLink, opts *CustomerInfoListOptions) (*Page[CustomerInfo], error) {
	if customerID == "" {
		return nil, errMissing("Customers.ListInfosByCustomer", "customerID")
	}
	q := pl.Values()
	if opts != nil && opts.IncludeCustomers {
		q.Set("includeCustomers", "true")
	}
	return fetchPageOf[CustomerInfo](ctx, s.client, pathf("/api/customer/%s/customerInfos", customerID), q)
}

// FindPublic returns the tenant's public customer, looking it up by its title
// "Public" and its isPublic flag. The server creates it the first time an entity or
// dashboard is made public; before that the result is an error matching ErrNotFound.
//
//tb:operation GET /api/tenant/customers
func (s *CustomerService) FindPublic(ctx context.Context) (*Customer, error) {
	c, err := s.GetByTitle(ctx, "Public")
	if err != nil {
		return nil, err
	}
	if !c.IsPublic() {
		return nil, fmt.Errorf("thingsboard: Customers.FindPublic: the customer titled %q is not the public customer: %w", c.Title, ErrNotFound)
	}
	return c, nil
}
