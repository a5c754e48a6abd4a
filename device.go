package thingsboard

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DeviceService manages devices and their credentials. See Client.Devices.
type DeviceService service

// Device is a ThingsBoard device.
//
// To create one, set Name and either DeviceProfileID or Type (a device profile name;
// the server creates a profile of that name when none exists, and uses the tenant's
// default profile when both are empty) and save it with a zero ID.
type Device struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer the device is assigned to; NullUUID when it belongs to
	// the tenant itself.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OwnerID is the owning tenant or customer (Professional Edition; read-only).
	OwnerID EntityID `json:"ownerId,omitzero"`
	Name    string   `json:"name"`
	// Type is the name of the device profile.
	Type            string     `json:"type,omitzero"`
	Label           string     `json:"label,omitzero"`
	DeviceProfileID EntityID   `json:"deviceProfileId,omitzero"`
	DeviceData      DeviceData `json:"deviceData,omitzero"`
	FirmwareID      EntityID   `json:"firmwareId,omitzero"`
	SoftwareID      EntityID   `json:"softwareId,omitzero"`
	ExternalID      EntityID   `json:"externalId,omitzero"`
	// AdditionalInfo is free-form JSON; the web UI keeps "description" and "gateway" there.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Version is the optimistic-locking version (3.8+). Saving with a version older than
	// the server's fails with ErrVersionConflict; zero overwrites unconditionally.
	Version int64 `json:"version,omitzero"`
}

// DeviceData holds a device's configuration and transport configuration, both
// objects with a "type" field ({"type":"DEFAULT"} for plain devices).
type DeviceData struct {
	Configuration          json.RawMessage `json:"configuration,omitzero"`
	TransportConfiguration json.RawMessage `json:"transportConfiguration,omitzero"`
}

// DeviceInfo is a Device with the names the server joins to it.
type DeviceInfo struct {
	Device
	CustomerTitle     string `json:"customerTitle,omitzero"`
	CustomerIsPublic  bool   `json:"customerIsPublic"`
	DeviceProfileName string `json:"deviceProfileName,omitzero"`
	// Active is the device's connectivity state (the "active" server attribute).
	Active bool `json:"active"`
	// OwnerName and Groups are filled by Professional Edition servers.
	OwnerName string       `json:"ownerName,omitzero"`
	Groups    []EntityInfo `json:"groups,omitzero"`
}

// DeviceCredentialsType says how a device authenticates to the transports.
type DeviceCredentialsType string

// Device credentials types.
const (
	CredentialsAccessToken DeviceCredentialsType = "ACCESS_TOKEN"
	CredentialsX509        DeviceCredentialsType = "X509_CERTIFICATE"
	CredentialsMQTTBasic   DeviceCredentialsType = "MQTT_BASIC"
	CredentialsLwM2M       DeviceCredentialsType = "LWM2M_CREDENTIALS"
)

// DeviceCredentialsID is the id of a DeviceCredentials record. The server writes it
// as {"id":"<uuid>"}, without an entity type.
type DeviceCredentialsID struct {
	ID string `json:"id"`
}

// IsZero reports whether the id is unset.
func (id DeviceCredentialsID) IsZero() bool { return id.ID == "" }

// DeviceCredentials are the secret a device presents to the transports.
//
// For ACCESS_TOKEN, CredentialsID is the token. For MQTT_BASIC, CredentialsValue is a
// JSON string holding clientId, userName and password (see MQTTBasicCredentials).
// For X509_CERTIFICATE, CredentialsValue is the PEM certificate.
type DeviceCredentials struct {
	ID               DeviceCredentialsID   `json:"id,omitzero"`
	CreatedTime      int64                 `json:"createdTime,omitzero"`
	DeviceID         EntityID              `json:"deviceId,omitzero"`
	CredentialsType  DeviceCredentialsType `json:"credentialsType,omitzero"`
	CredentialsID    string                `json:"credentialsId,omitzero"`
	CredentialsValue string                `json:"credentialsValue,omitzero"`
	Version          int64                 `json:"version,omitzero"`
}

// MQTTBasicCredentials is the value of MQTT_BASIC credentials. At least one of
// ClientID and UserName must be set.
type MQTTBasicCredentials struct {
	ClientID string `json:"clientId,omitzero"`
	UserName string `json:"userName,omitzero"`
	Password string `json:"password,omitzero"`
}

// MQTTBasic decodes CredentialsValue of MQTT_BASIC credentials.
func (c *DeviceCredentials) MQTTBasic() (*MQTTBasicCredentials, error) {
	if c.CredentialsType != CredentialsMQTTBasic {
		return nil, fmt.Errorf("thingsboard: credentials type is %q, not MQTT_BASIC", c.CredentialsType)
	}
	m := new(MQTTBasicCredentials)
	if err := json.Unmarshal([]byte(c.CredentialsValue), m); err != nil {
		return nil, fmt.Errorf("thingsboard: decoding MQTT_BASIC credentials: %w", err)
	}
	return m, nil
}

// SetMQTTBasic makes c MQTT_BASIC credentials with the value m.
func (c *DeviceCredentials) SetMQTTBasic(m MQTTBasicCredentials) {
	b, _ := json.Marshal(m) // a struct of strings always encodes
	c.CredentialsType = CredentialsMQTTBasic
	c.CredentialsID = ""
	c.CredentialsValue = string(b)
}

// SaveDeviceWithCredentialsRequest is the body of Devices.SaveWithCredentials.
type SaveDeviceWithCredentialsRequest struct {
	Device      *Device            `json:"device"`
	Credentials *DeviceCredentials `json:"credentials"`
}

// ClaimRequest is the body of a device claim: the secret key the device published,
// when device-side claiming is used.
type ClaimRequest struct {
	SecretKey string `json:"secretKey,omitzero"`
}

// ClaimResponse is the outcome of a claim.
type ClaimResponse string

// Claim outcomes.
const (
	ClaimSuccess ClaimResponse = "SUCCESS"
	ClaimFailure ClaimResponse = "FAILURE"
	ClaimClaimed ClaimResponse = "CLAIMED"
)

// ClaimResult is the answer to a successful claim.
type ClaimResult struct {
	Device   *Device       `json:"device"`
	Response ClaimResponse `json:"response"`
}

// DeviceSearchQuery finds the devices related to a root entity. Only devices whose
// type is in DeviceTypes are returned.
type DeviceSearchQuery struct {
	Parameters   RelationsSearchParameters `json:"parameters"`
	RelationType string                    `json:"relationType,omitzero"`
	DeviceTypes  []string                  `json:"deviceTypes"`
}

// DeviceSaveOptions are the optional query parameters of Devices.Save.
type DeviceSaveOptions struct {
	// AccessToken is the token of a new device's ACCESS_TOKEN credentials; the server
	// generates one when it is empty.
	AccessToken string
	EntitySaveOptions
}

// DeviceListOptions filter device lists.
type DeviceListOptions struct {
	// Type keeps the devices of this device profile name.
	Type string
}

func (o *DeviceListOptions) values(pl PageLink) url.Values {
	v := pl.Values()
	if o != nil {
		setIf(v, "type", o.Type)
	}
	return v
}

// DeviceInfoListOptions filter device info lists.
type DeviceInfoListOptions struct {
	// Type keeps the devices of this device profile name. It takes precedence over
	// DeviceProfileID.
	Type string
	// DeviceProfileID keeps the devices of this profile.
	DeviceProfileID string
	// Active, when set, keeps the connected (true) or disconnected (false) devices.
	Active *bool
	// IncludeCustomers also lists the devices of sub-customers (Professional Edition).
	IncludeCustomers *bool
}

func (o *DeviceInfoListOptions) values(pl PageLink) url.Values {
	v := pl.Values()
	if o != nil {
		setIf(v, "type", o.Type)
		setIf(v, "deviceProfileId", o.DeviceProfileID)
		setBool(v, "active", o.Active)
		setBool(v, "includeCustomers", o.IncludeCustomers)
	}
	return v
}

// ClaimOptions are the optional query parameters of Devices.Claim.
type ClaimOptions struct {
	// SubCustomerID claims the device for a sub-customer (Professional Edition).
	SubCustomerID string
}

func setBool(v url.Values, key string, b *bool) {
	if b != nil {
		v.Set(key, strconv.FormatBool(*b))
	}
}

func joinIDs(name string, ids []string) (string, error) {
	if len(ids) == 0 {
		return "", errEmptyArg(name)
	}
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			return "", fmt.Errorf("thingsboard: %s holds an empty id", name)
		}
	}
	return strings.Join(ids, ","), nil
}

// Get returns the device with the given id.
//
//tb:operation GET /api/device/{deviceId}
func (s *DeviceService) Get(ctx context.Context, deviceID string) (*Device, error) {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[Device](ctx, s.client, http.MethodGet, pathf("/api/device/%s", deviceID), nil, nil)
}

// GetInfo returns the device with its customer, profile name and activity state.
//
//tb:operation GET /api/device/info/{deviceId}
func (s *DeviceService) GetInfo(ctx context.Context, deviceID string) (*DeviceInfo, error) {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[DeviceInfo](ctx, s.client, http.MethodGet, pathf("/api/device/info/%s", deviceID), nil, nil)
}

// GetByName returns the tenant's device with the given name (tenant administrators
// only). A missing device is an error matching ErrNotFound.
//
//tb:operation GET /api/tenant/devices
func (s *DeviceService) GetByName(ctx context.Context, name string) (*Device, error) {
	if err := checkArgs("name", name); err != nil {
		return nil, err
	}
	return call[Device](ctx, s.client, http.MethodGet, "/api/tenant/devices", url.Values{"deviceName": {name}}, nil)
}

// Save creates the device (zero ID) or updates it, and returns the saved device.
// A new device gets ACCESS_TOKEN credentials: opts.AccessToken, or a generated token.
//
//tb:operation POST /api/device
func (s *DeviceService) Save(ctx context.Context, d *Device, opts *DeviceSaveOptions) (*Device, error) {
	if d == nil {
		return nil, errEmptyArg("device")
	}
	var q url.Values
	if opts != nil {
		q = opts.EntitySaveOptions.values()
		setIf(q, "accessToken", opts.AccessToken)
	}
	return call[Device](ctx, s.client, http.MethodPost, "/api/device", q, d)
}

// SaveWithCredentials creates or updates the device together with its credentials.
//
//tb:operation POST /api/device-with-credentials
func (s *DeviceService) SaveWithCredentials(ctx context.Context, d *Device, creds *DeviceCredentials, opts *EntitySaveOptions) (*Device, error) {
	if d == nil {
		return nil, errEmptyArg("device")
	}
	if creds == nil {
		return nil, errEmptyArg("credentials")
	}
	out := new(Device)
	body := SaveDeviceWithCredentialsRequest{Device: d, Credentials: creds}
	if err := s.client.do(ctx, http.MethodPost, "/api/device-with-credentials", opts.values(), body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete deletes the device with its credentials and relations (tenant
// administrators only).
//
//tb:operation DELETE /api/device/{deviceId}
func (s *DeviceService) Delete(ctx context.Context, deviceID string) error {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/device/%s", deviceID), nil, nil, nil)
}

// ListTenant returns a page of the tenant's devices (tenant administrators only).
//
//tb:operation GET /api/tenant/devices
func (s *DeviceService) ListTenant(ctx context.Context, pl PageLink, opts *DeviceListOptions) (*Page[Device], error) {
	return call[Page[Device]](ctx, s.client, http.MethodGet, "/api/tenant/devices", opts.values(pl), nil)
}

// ListTenantAll iterates over every device of the tenant, starting at pl.
//
//tb:operation GET /api/tenant/devices
func (s *DeviceService) ListTenantAll(ctx context.Context, pl PageLink, opts *DeviceListOptions) iter.Seq2[Device, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[Device], error) {
		return s.ListTenant(ctx, pl, opts)
	})
}

// ListTenantInfos returns a page of the tenant's devices with their customer and
// profile names and activity state (tenant administrators only).
//
//tb:operation GET /api/tenant/deviceInfos
func (s *DeviceService) ListTenantInfos(ctx context.Context, pl PageLink, opts *DeviceInfoListOptions) (*Page[DeviceInfo], error) {
	return call[Page[DeviceInfo]](ctx, s.client, http.MethodGet, "/api/tenant/deviceInfos", opts.values(pl), nil)
}

// ListTenantInfosAll iterates over ListTenantInfos, starting at pl.
//
//tb:operation GET /api/tenant/deviceInfos
func (s *DeviceService) ListTenantInfosAll(ctx context.Context, pl PageLink, opts *DeviceInfoListOptions) iter.Seq2[DeviceInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[DeviceInfo], error) {
		return s.ListTenantInfos(ctx, pl, opts)
	})
}

// ListCustomer returns a page of the devices assigned to the customer.
//
//tb:operation GET /api/customer/{customerId}/devices
func (s *DeviceService) ListCustomer(ctx context.Context, customerID string, pl PageLink, opts *DeviceListOptions) (*Page[Device], error) {
	if err := checkArgs("customerID", customerID); err != nil {
		return nil, err
	}
	return call[Page[Device]](ctx, s.client, http.MethodGet, pathf("/api/customer/%s/devices", customerID), opts.values(pl), nil)
}

// ListCustomerAll iterates over ListCustomer, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/devices
func (s *DeviceService) ListCustomerAll(ctx context.Context, customerID string, pl PageLink, opts *DeviceListOptions) iter.Seq2[Device, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[Device], error) {
		return s.ListCustomer(ctx, customerID, pl, opts)
	})
}

// ListCustomerInfos returns a page of the customer's devices as DeviceInfo.
//
//tb:operation GET /api/customer/{customerId}/deviceInfos
func (s *DeviceService) ListCustomerInfos(ctx context.Context, customerID string, pl PageLink, opts *DeviceInfoListOptions) (*Page[DeviceInfo], error) {
	if err := checkArgs("customerID", customerID); err != nil {
		return nil, err
	}
	return call[Page[DeviceInfo]](ctx, s.client, http.MethodGet, pathf("/api/customer/%s/deviceInfos", customerID), opts.values(pl), nil)
}

// ListCustomerInfosAll iterates over ListCustomerInfos, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/deviceInfos
func (s *DeviceService) ListCustomerInfosAll(ctx context.Context, customerID string, pl PageLink, opts *DeviceInfoListOptions) iter.Seq2[DeviceInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[DeviceInfo], error) {
		return s.ListCustomerInfos(ctx, customerID, pl, opts)
	})
}

// ListUser returns a page of the devices the current user may read (Professional
// Edition).
//
//tb:operation GET /api/user/devices
func (s *DeviceService) ListUser(ctx context.Context, pl PageLink, opts *DeviceListOptions) (*Page[Device], error) {
	return call[Page[Device]](ctx, s.client, http.MethodGet, "/api/user/devices", opts.values(pl), nil)
}

// ListUserAll iterates over ListUser, starting at pl.
//
//tb:operation GET /api/user/devices
func (s *DeviceService) ListUserAll(ctx context.Context, pl PageLink, opts *DeviceListOptions) iter.Seq2[Device, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[Device], error) {
		return s.ListUser(ctx, pl, opts)
	})
}

// ListAllInfos returns a page of every device the current user may read, as
// DeviceInfo (Professional Edition). Type in opts is not used by this list.
//
//tb:operation GET /api/deviceInfos/all
func (s *DeviceService) ListAllInfos(ctx context.Context, pl PageLink, opts *DeviceInfoListOptions) (*Page[DeviceInfo], error) {
	if opts != nil && opts.Type != "" {
		o := *opts
		o.Type = ""
		opts = &o
	}
	return call[Page[DeviceInfo]](ctx, s.client, http.MethodGet, "/api/deviceInfos/all", opts.values(pl), nil)
}

// ListByEntityGroup returns a page of the devices in an entity group (Professional
// Edition).
//
//tb:operation GET /api/entityGroup/{entityGroupId}/devices
func (s *DeviceService) ListByEntityGroup(ctx context.Context, entityGroupID string, pl PageLink) (*Page[Device], error) {
	if err := checkArgs("entityGroupID", entityGroupID); err != nil {
		return nil, err
	}
	return call[Page[Device]](ctx, s.client, http.MethodGet, pathf("/api/entityGroup/%s/devices", entityGroupID), pl.Values(), nil)
}

// ListByIDs returns the devices with the given ids that the user may read; unknown
// ids are left out.
//
//tb:operation GET /api/devices
func (s *DeviceService) ListByIDs(ctx context.Context, deviceIDs []string) ([]Device, error) {
	ids, err := joinIDs("deviceIDs", deviceIDs)
	if err != nil {
		return nil, err
	}
	var out []Device
	if err := s.client.do(ctx, http.MethodGet, "/api/devices", url.Values{"deviceIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindByQuery returns the devices related to the query's root entity.
//
//tb:operation POST /api/devices
func (s *DeviceService) FindByQuery(ctx context.Context, q DeviceSearchQuery) ([]Device, error) {
	if q.DeviceTypes == nil {
		q.DeviceTypes = []string{}
	}
	var out []Device
	if err := s.client.do(ctx, http.MethodPost, "/api/devices", nil, q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListTypes returns the device types (profile names) in use by the tenant's devices.
//
//tb:operation GET /api/device/types
func (s *DeviceService) ListTypes(ctx context.Context) ([]EntitySubtype, error) {
	var out []EntitySubtype
	if err := s.client.do(ctx, http.MethodGet, "/api/device/types", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetCredentials returns the device's credentials.
//
//tb:operation GET /api/device/{deviceId}/credentials
func (s *DeviceService) GetCredentials(ctx context.Context, deviceID string) (*DeviceCredentials, error) {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[DeviceCredentials](ctx, s.client, http.MethodGet, pathf("/api/device/%s/credentials", deviceID), nil, nil)
}

// SaveCredentials updates a device's credentials (tenant administrators only). Start
// from GetCredentials: the body needs the credentials' ID and DeviceID.
//
//tb:operation POST /api/device/credentials
func (s *DeviceService) SaveCredentials(ctx context.Context, creds *DeviceCredentials) (*DeviceCredentials, error) {
	if creds == nil {
		return nil, errEmptyArg("credentials")
	}
	if creds.DeviceID.ID == "" {
		return nil, errEmptyArg("credentials.DeviceID")
	}
	return call[DeviceCredentials](ctx, s.client, http.MethodPost, "/api/device/credentials", nil, creds)
}

// AssignToCustomer assigns the device to the customer and returns it.
//
//tb:operation POST /api/customer/{customerId}/device/{deviceId}
func (s *DeviceService) AssignToCustomer(ctx context.Context, customerID, deviceID string) (*Device, error) {
	if err := checkArgs("customerID", customerID, "deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[Device](ctx, s.client, http.MethodPost, pathf("/api/customer/%s/device/%s", customerID, deviceID), nil, nil)
}

// UnassignFromCustomer returns the device to the tenant.
//
//tb:operation DELETE /api/customer/device/{deviceId}
func (s *DeviceService) UnassignFromCustomer(ctx context.Context, deviceID string) (*Device, error) {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[Device](ctx, s.client, http.MethodDelete, pathf("/api/customer/device/%s", deviceID), nil, nil)
}

// AssignToPublicCustomer makes the device public by assigning it to the tenant's
// public customer.
//
//tb:operation POST /api/customer/public/device/{deviceId}
func (s *DeviceService) AssignToPublicCustomer(ctx context.Context, deviceID string) (*Device, error) {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[Device](ctx, s.client, http.MethodPost, pathf("/api/customer/public/device/%s", deviceID), nil, nil)
}

// AssignToTenant moves the device to another tenant.
//
//tb:operation POST /api/tenant/{tenantId}/device/{deviceId}
func (s *DeviceService) AssignToTenant(ctx context.Context, tenantID, deviceID string) (*Device, error) {
	if err := checkArgs("tenantID", tenantID, "deviceID", deviceID); err != nil {
		return nil, err
	}
	return call[Device](ctx, s.client, http.MethodPost, pathf("/api/tenant/%s/device/%s", tenantID, deviceID), nil, nil)
}

// Claim claims the device with the given name for the current customer user. A
// device that cannot be claimed is an *APIError with status 400 whose Message is the
// ClaimResponse ("CLAIMED" or "FAILURE").
//
//tb:operation POST /api/customer/device/{deviceName}/claim
func (s *DeviceService) Claim(ctx context.Context, deviceName string, req ClaimRequest, opts *ClaimOptions) (*ClaimResult, error) {
	if err := checkArgs("deviceName", deviceName); err != nil {
		return nil, err
	}
	var q url.Values
	if opts != nil && opts.SubCustomerID != "" {
		q = url.Values{"subCustomerId": {opts.SubCustomerID}}
	}
	return call[ClaimResult](ctx, s.client, http.MethodPost, pathf("/api/customer/device/%s/claim", deviceName), q, req)
}

// Reclaim releases a claimed device so that it can be claimed again.
//
//tb:operation DELETE /api/customer/device/{deviceName}/claim
func (s *DeviceService) Reclaim(ctx context.Context, deviceName string) error {
	if err := checkArgs("deviceName", deviceName); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/customer/device/%s/claim", deviceName), nil, nil, nil)
}

// CountWithoutOTAPackage counts the devices of the profile that have no OTA package of
// the given type ("FIRMWARE" or "SOFTWARE") assigned.
//
//tb:operation GET /api/devices/count/{otaPackageType}/{deviceProfileId}
func (s *DeviceService) CountWithoutOTAPackage(ctx context.Context, otaPackageType, deviceProfileID string) (int64, error) {
	if err := checkArgs("otaPackageType", otaPackageType, "deviceProfileID", deviceProfileID); err != nil {
		return 0, err
	}
	var n int64
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/devices/count/%s/%s", otaPackageType, deviceProfileID), nil, nil, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// RPCRequest is a server-side RPC call to a device.
type RPCRequest struct {
	// Method is required.
	Method string `json:"method"`
	// Params is any JSON value; nil is sent as {}.
	Params any `json:"params"`
	// Timeout in milliseconds (server default 10000, minimum 5000).
	Timeout int64 `json:"timeout,omitzero"`
	// ExpirationTime (epoch milliseconds) overrides Timeout.
	ExpirationTime int64 `json:"expirationTime,omitzero"`
	// Persistent stores the request until the device takes it (v2 only); the call
	// then answers at once with the request's id.
	Persistent bool `json:"persistent,omitzero"`
	// Retries is how often a persistent request is sent again after a failure.
	Retries int `json:"retries,omitzero"`
	// AdditionalInfo is metadata added to the events of a persistent request.
	AdditionalInfo any `json:"additionalInfo,omitzero"`
}

func (r RPCRequest) body() (RPCRequest, error) {
	if strings.TrimSpace(r.Method) == "" {
		return r, errEmptyArg("RPCRequest.Method")
	}
	if r.Params == nil {
		r.Params = map[string]any{}
	}
	return r, nil
}

func (s *DeviceService) rpc(ctx context.Context, path, deviceID string, req RPCRequest, out any) error {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return err
	}
	b, err := req.body()
	if err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf(path, deviceID), nil, b, out)
}

// OneWayRPC sends a one-way RPC to the device (the v2 API). A device that is offline
// or does not take the request in time gives a 504 error. With req.Persistent the
// request is stored and its id returned; otherwise the id is empty.
//
//tb:operation POST /api/rpc/oneway/{deviceId}
func (s *DeviceService) OneWayRPC(ctx context.Context, deviceID string, req RPCRequest) (rpcID string, err error) {
	var raw []byte
	if err := s.rpc(ctx, "/api/rpc/oneway/%s", deviceID, req, &raw); err != nil {
		return "", err
	}
	return persistentRPCID(raw)
}

// TwoWayRPC sends a two-way RPC to the device (the v2 API) and returns the device's
// answer. A device that is offline or does not answer in time gives a 504 error. With
// req.Persistent the answer is {"rpcId":"..."}; see GetPersistentRPC.
//
//tb:operation POST /api/rpc/twoway/{deviceId}
func (s *DeviceService) TwoWayRPC(ctx context.Context, deviceID string, req RPCRequest) (json.RawMessage, error) {
	var raw []byte
	if err := s.rpc(ctx, "/api/rpc/twoway/%s", deviceID, req, &raw); err != nil {
		return nil, err
	}
	return rpcAnswer(raw), nil
}

// OneWayRPCV1 sends a one-way RPC with the legacy v1 API: an offline device gives a
// 409 error, a timeout a 408 error.
//
//tb:operation POST /api/plugins/rpc/oneway/{deviceId}
func (s *DeviceService) OneWayRPCV1(ctx context.Context, deviceID string, req RPCRequest) error {
	return s.rpc(ctx, "/api/plugins/rpc/oneway/%s", deviceID, req, nil)
}

// TwoWayRPCV1 sends a two-way RPC with the legacy v1 API and returns the device's
// answer: an offline device gives a 409 error, a timeout a 408 error.
//
//tb:operation POST /api/plugins/rpc/twoway/{deviceId}
func (s *DeviceService) TwoWayRPCV1(ctx context.Context, deviceID string, req RPCRequest) (json.RawMessage, error) {
	var raw []byte
	if err := s.rpc(ctx, "/api/plugins/rpc/twoway/%s", deviceID, req, &raw); err != nil {
		return nil, err
	}
	return rpcAnswer(raw), nil
}

// rpcAnswer returns the device's answer as is; an empty answer is nil.
func rpcAnswer(raw []byte) json.RawMessage {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return nil
	}
	return json.RawMessage(raw)
}

func persistentRPCID(raw []byte) (string, error) {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return "", nil
	}
	var r struct {
		RPCID string `json:"rpcId"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return "", fmt.Errorf("thingsboard: decoding RPC answer: %w", err)
	}
	return r.RPCID, nil
}

// RPCStatus is the state of a persistent RPC.
type RPCStatus string

// Persistent RPC states.
const (
	RPCQueued     RPCStatus = "QUEUED"
	RPCSent       RPCStatus = "SENT"
	RPCDelivered  RPCStatus = "DELIVERED"
	RPCSuccessful RPCStatus = "SUCCESSFUL"
	RPCTimeout    RPCStatus = "TIMEOUT"
	RPCExpired    RPCStatus = "EXPIRED"
	RPCFailed     RPCStatus = "FAILED"
	RPCDeleted    RPCStatus = "DELETED"
)

// RPC is a persistent RPC request and its outcome.
type RPC struct {
	ID             EntityID        `json:"id"`
	CreatedTime    int64           `json:"createdTime,omitzero"`
	TenantID       EntityID        `json:"tenantId,omitzero"`
	DeviceID       EntityID        `json:"deviceId,omitzero"`
	ExpirationTime int64           `json:"expirationTime,omitzero"`
	Request        json.RawMessage `json:"request,omitzero"`
	Response       json.RawMessage `json:"response,omitzero"`
	Status         RPCStatus       `json:"status,omitzero"`
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
}

// RPCListOptions filter Devices.ListPersistentRPC.
type RPCListOptions struct {
	// Status keeps the requests in this state.
	Status RPCStatus
}

// GetPersistentRPC returns a persistent RPC request by id.
//
//tb:operation GET /api/rpc/persistent/{rpcId}
func (s *DeviceService) GetPersistentRPC(ctx context.Context, rpcID string) (*RPC, error) {
	if err := checkArgs("rpcID", rpcID); err != nil {
		return nil, err
	}
	return call[RPC](ctx, s.client, http.MethodGet, pathf("/api/rpc/persistent/%s", rpcID), nil, nil)
}

// ListPersistentRPC returns a page of the device's persistent RPC requests.
//
//tb:operation GET /api/rpc/persistent/device/{deviceId}
func (s *DeviceService) ListPersistentRPC(ctx context.Context, deviceID string, pl PageLink, opts *RPCListOptions) (*Page[RPC], error) {
	if err := checkArgs("deviceID", deviceID); err != nil {
		return nil, err
	}
	q := pl.Values()
	if opts != nil {
		setIf(q, "rpcStatus", string(opts.Status))
	}
	return call[Page[RPC]](ctx, s.client, http.MethodGet, pathf("/api/rpc/persistent/device/%s", deviceID), q, nil)
}

// DeletePersistentRPC deletes a persistent RPC request (tenant administrators only).
//
//tb:operation DELETE /api/rpc/persistent/{rpcId}
func (s *DeviceService) DeletePersistentRPC(ctx context.Context, rpcID string) error {
	if err := checkArgs("rpcID", rpcID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/rpc/persistent/%s", rpcID), nil, nil, nil)
}
