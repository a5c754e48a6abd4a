package thingsboard

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// DeviceProfileService manages device profiles. See Client.DeviceProfiles.
type DeviceProfileService service

// DeviceProfileType is the kind of a device profile; only DEFAULT exists.
type DeviceProfileType string

// DeviceProfileTypeDefault is the only device profile type.
const DeviceProfileTypeDefault DeviceProfileType = "DEFAULT"

// DeviceTransportType is the transport a device profile's devices use.
type DeviceTransportType string

// Device transport types.
const (
	TransportDefault DeviceTransportType = "DEFAULT"
	TransportMQTT    DeviceTransportType = "MQTT"
	TransportCoAP    DeviceTransportType = "COAP"
	TransportLwM2M   DeviceTransportType = "LWM2M"
	TransportSNMP    DeviceTransportType = "SNMP"
)

// DeviceProvisionType says whether and how devices may provision themselves.
type DeviceProvisionType string

// Device provisioning strategies.
const (
	ProvisionDisabled                   DeviceProvisionType = "DISABLED"
	ProvisionAllowCreateNewDevices      DeviceProvisionType = "ALLOW_CREATE_NEW_DEVICES"
	ProvisionCheckPreProvisionedDevices DeviceProvisionType = "CHECK_PRE_PROVISIONED_DEVICES"
	ProvisionX509CertificateChain       DeviceProvisionType = "X509_CERTIFICATE_CHAIN"
)

// DeviceProfile describes a class of devices: transport, provisioning, alarm rules,
// default rule chain and dashboard.
type DeviceProfile struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitzero"`
	// Image is a URL or a data URL.
	Image              string              `json:"image,omitzero"`
	Type               DeviceProfileType   `json:"type,omitzero"`
	TransportType      DeviceTransportType `json:"transportType,omitzero"`
	ProvisionType      DeviceProvisionType `json:"provisionType,omitzero"`
	DefaultRuleChainID EntityID            `json:"defaultRuleChainId,omitzero"`
	DefaultDashboardID EntityID            `json:"defaultDashboardId,omitzero"`
	DefaultQueueName   string              `json:"defaultQueueName,omitzero"`
	ProfileData        DeviceProfileData   `json:"profileData,omitzero"`
	ProvisionDeviceKey string              `json:"provisionDeviceKey,omitzero"`
	FirmwareID         EntityID            `json:"firmwareId,omitzero"`
	SoftwareID         EntityID            `json:"softwareId,omitzero"`
	// DefaultEdgeRuleChainID is the rule chain of the profile's devices on edges.
	DefaultEdgeRuleChainID EntityID `json:"defaultEdgeRuleChainId,omitzero"`
	ExternalID             EntityID `json:"externalId,omitzero"`
	// Default marks the tenant's default profile; change it with SetDefault.
	Default bool  `json:"default"`
	Version int64 `json:"version,omitzero"`
}

// DeviceProfileData is a device profile's configuration. Each part is a JSON object
// with a "type" field, kept as raw JSON so that every transport and provisioning
// variant round-trips unchanged. A new profile needs at least
// {"configuration":{"type":"DEFAULT"},"transportConfiguration":{"type":"DEFAULT"}}.
type DeviceProfileData struct {
	Configuration          json.RawMessage `json:"configuration,omitzero"`
	TransportConfiguration json.RawMessage `json:"transportConfiguration,omitzero"`
	ProvisionConfiguration json.RawMessage `json:"provisionConfiguration,omitzero"`
	// Alarms holds the alarm rules of servers that keep them in the profile.
	Alarms json.RawMessage `json:"alarms,omitzero"`
}

// DefaultDeviceProfileData returns the profile data of a plain profile: DEFAULT
// configuration and transport, provisioning disabled.
func DefaultDeviceProfileData() DeviceProfileData {
	return DeviceProfileData{
		Configuration:          json.RawMessage(`{"type":"DEFAULT"}`),
		TransportConfiguration: json.RawMessage(`{"type":"DEFAULT"}`),
		ProvisionConfiguration: json.RawMessage(`{"type":"DISABLED","provisionDeviceSecret":null}`),
	}
}

// DeviceProfileInfo is the short form of a device profile.
type DeviceProfileInfo struct {
	ID                 EntityID            `json:"id"`
	TenantID           EntityID            `json:"tenantId,omitzero"`
	Name               string              `json:"name"`
	Image              string              `json:"image,omitzero"`
	DefaultDashboardID EntityID            `json:"defaultDashboardId,omitzero"`
	Type               DeviceProfileType   `json:"type,omitzero"`
	TransportType      DeviceTransportType `json:"transportType,omitzero"`
}

// DeviceProfileInfoListOptions filter DeviceProfiles.ListInfos.
type DeviceProfileInfoListOptions struct {
	// TransportType keeps the profiles of this transport.
	TransportType DeviceTransportType
}

// Get returns the device profile with the given id.
//
//tb:operation GET /api/deviceProfile/{deviceProfileId}
func (s *DeviceProfileService) Get(ctx context.Context, deviceProfileID string) (*DeviceProfile, error) {
	if err := checkArgs("deviceProfileID", deviceProfileID); err != nil {
		return nil, err
	}
	return call[DeviceProfile](ctx, s.client, http.MethodGet, pathf("/api/deviceProfile/%s", deviceProfileID), nil, nil)
}

// Save creates the profile (zero ID) or updates it, and returns the saved profile.
//
//tb:operation POST /api/deviceProfile
func (s *DeviceProfileService) Save(ctx context.Context, p *DeviceProfile) (*DeviceProfile, error) {
	if p == nil {
		return nil, errEmptyArg("profile")
	}
	return call[DeviceProfile](ctx, s.client, http.MethodPost, "/api/deviceProfile", nil, p)
}

// Delete deletes the profile. The default profile and profiles still used by devices
// cannot be deleted.
//
//tb:operation DELETE /api/deviceProfile/{deviceProfileId}
func (s *DeviceProfileService) Delete(ctx context.Context, deviceProfileID string) error {
	if err := checkArgs("deviceProfileID", deviceProfileID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/deviceProfile/%s", deviceProfileID), nil, nil, nil)
}

// SetDefault makes the profile the tenant's default and returns it.
//
//tb:operation POST /api/deviceProfile/{deviceProfileId}/default
func (s *DeviceProfileService) SetDefault(ctx context.Context, deviceProfileID string) (*DeviceProfile, error) {
	if err := checkArgs("deviceProfileID", deviceProfileID); err != nil {
		return nil, err
	}
	return call[DeviceProfile](ctx, s.client, http.MethodPost, pathf("/api/deviceProfile/%s/default", deviceProfileID), nil, nil)
}

// GetDefaultInfo returns the tenant's default device profile.
//
//tb:operation GET /api/deviceProfileInfo/default
func (s *DeviceProfileService) GetDefaultInfo(ctx context.Context) (*DeviceProfileInfo, error) {
	return call[DeviceProfileInfo](ctx, s.client, http.MethodGet, "/api/deviceProfileInfo/default", nil, nil)
}

// GetInfo returns the short form of a device profile (customer users may read it).
//
//tb:operation GET /api/deviceProfileInfo/{deviceProfileId}
func (s *DeviceProfileService) GetInfo(ctx context.Context, deviceProfileID string) (*DeviceProfileInfo, error) {
	if err := checkArgs("deviceProfileID", deviceProfileID); err != nil {
		return nil, err
	}
	return call[DeviceProfileInfo](ctx, s.client, http.MethodGet, pathf("/api/deviceProfileInfo/%s", deviceProfileID), nil, nil)
}

// List returns a page of the tenant's device profiles.
//
//tb:operation GET /api/deviceProfiles
func (s *DeviceProfileService) List(ctx context.Context, pl PageLink) (*Page[DeviceProfile], error) {
	return call[Page[DeviceProfile]](ctx, s.client, http.MethodGet, "/api/deviceProfiles", pl.Values(), nil)
}

// ListAll iterates over List, starting at pl.
//
//tb:operation GET /api/deviceProfiles
func (s *DeviceProfileService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[DeviceProfile, error] {
	return All(ctx, pl, s.List)
}

// ListInfos returns a page of device profile infos.
//
//tb:operation GET /api/deviceProfileInfos
func (s *DeviceProfileService) ListInfos(ctx context.Context, pl PageLink, opts *DeviceProfileInfoListOptions) (*Page[DeviceProfileInfo], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "transportType", string(opts.TransportType))
	}
	return call[Page[DeviceProfileInfo]](ctx, s.client, http.MethodGet, "/api/deviceProfileInfos", q, nil)
}

// ListInfosAll iterates over ListInfos, starting at pl.
//
//tb:operation GET /api/deviceProfileInfos
func (s *DeviceProfileService) ListInfosAll(ctx context.Context, pl PageLink, opts *DeviceProfileInfoListOptions) iter.Seq2[DeviceProfileInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[DeviceProfileInfo], error) {
		return s.ListInfos(ctx, pl, opts)
	})
}

// ListInfosByIDs returns the infos of the profiles with the given ids.
//
//tb:operation GET /api/deviceProfileInfos/list
func (s *DeviceProfileService) ListInfosByIDs(ctx context.Context, deviceProfileIDs []string) ([]DeviceProfileInfo, error) {
	ids, err := joinIDs("deviceProfileIDs", deviceProfileIDs)
	if err != nil {
		return nil, err
	}
	var out []DeviceProfileInfo
	if err := s.client.do(ctx, http.MethodGet, "/api/deviceProfileInfos/list", url.Values{"deviceProfileIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListNames returns the id and name of every device profile (3.7+); with activeOnly,
// only the profiles that devices use.
//
//tb:operation GET /api/deviceProfile/names
func (s *DeviceProfileService) ListNames(ctx context.Context, activeOnly bool) ([]EntityInfo, error) {
	var q url.Values
	if activeOnly {
		q = url.Values{"activeOnly": {strconv.FormatBool(activeOnly)}}
	}
	var out []EntityInfo
	if err := s.client.do(ctx, http.MethodGet, "/api/deviceProfile/names", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListAttributeKeys returns the attribute keys of the devices of a profile, or of all
// the tenant's devices when deviceProfileID is empty.
//
//tb:operation GET /api/deviceProfile/devices/keys/attributes
func (s *DeviceProfileService) ListAttributeKeys(ctx context.Context, deviceProfileID string) ([]string, error) {
	return s.keys(ctx, "/api/deviceProfile/devices/keys/attributes", deviceProfileID)
}

// ListTimeseriesKeys returns the time series keys of the devices of a profile, or of
// all the tenant's devices when deviceProfileID is empty.
//
//tb:operation GET /api/deviceProfile/devices/keys/timeseries
func (s *DeviceProfileService) ListTimeseriesKeys(ctx context.Context, deviceProfileID string) ([]string, error) {
	return s.keys(ctx, "/api/deviceProfile/devices/keys/timeseries", deviceProfileID)
}

func (s *DeviceProfileService) keys(ctx context.Context, path, deviceProfileID string) ([]string, error) {
	var q url.Values
	if deviceProfileID != "" {
		q = url.Values{"deviceProfileId": {deviceProfileID}}
	}
	var out []string
	if err := s.client.do(ctx, http.MethodGet, path, q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
