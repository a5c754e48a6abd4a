package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// OTAPackageService manages firmware and software (OTA) packages. See Client.OTAPackages.
//
// A package is created in two steps: SaveInfo stores its description (or the URL the
// devices download it from), SaveData uploads its file.
type OTAPackageService service

// OTAPackageType is FIRMWARE or SOFTWARE. A value this package does not list
// round-trips unchanged.
type OTAPackageType string

// OTA package types.
const (
	OTAPackageFirmware OTAPackageType = "FIRMWARE"
	OTAPackageSoftware OTAPackageType = "SOFTWARE"
)

// ChecksumAlgorithm is the algorithm of an OTA package's checksum.
type ChecksumAlgorithm string

// Checksum algorithms.
const (
	ChecksumMD5       ChecksumAlgorithm = "MD5"
	ChecksumSHA256    ChecksumAlgorithm = "SHA256"
	ChecksumSHA384    ChecksumAlgorithm = "SHA384"
	ChecksumSHA512    ChecksumAlgorithm = "SHA512"
	ChecksumCRC32     ChecksumAlgorithm = "CRC32"
	ChecksumMurmur332 ChecksumAlgorithm = "MURMUR3_32"
	ChecksumMurmur128 ChecksumAlgorithm = "MURMUR3_128"
)

// OTAPackageInfo describes an OTA package without its data.
type OTAPackageInfo struct {
	// ID is the package's id; zero when creating one.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// DeviceProfileID is the device profile whose devices the package is for
	// (required; it cannot change).
	DeviceProfileID EntityID       `json:"deviceProfileId,omitzero"`
	Type            OTAPackageType `json:"type"`
	// Title and Version identify the package; together they are unique in the tenant.
	Title   string `json:"title"`
	Version string `json:"version"`
	// Tag is the value devices report once updated (read-only; "Title Version" by
	// default).
	Tag string `json:"tag,omitzero"`
	// URL is set for a package that devices download from elsewhere instead of its data.
	URL string `json:"url,omitzero"`
	// HasData reports that the package has data or a URL (read-only).
	HasData bool `json:"hasData"`
	// FileName, ContentType, ChecksumAlgorithm, Checksum and DataSize describe the
	// uploaded data (read-only; set by SaveData).
	FileName          string            `json:"fileName,omitzero"`
	ContentType       string            `json:"contentType,omitzero"`
	ChecksumAlgorithm ChecksumAlgorithm `json:"checksumAlgorithm,omitzero"`
	Checksum          string            `json:"checksum,omitzero"`
	DataSize          int64             `json:"dataSize,omitzero"`
	// AdditionalInfo is free-form JSON ("description" lives there).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Name is "Title (Version)" (read-only).
	Name string `json:"name,omitzero"`
}

// OTAPackage is an OTA package with its data.
type OTAPackage struct {
	OTAPackageInfo
	// Data is the package's file; it travels as base64 text.
	Data []byte `json:"data,omitzero"`
}

// OTAPackageData is the file of an OTA package, for OTAPackages.SaveData.
type OTAPackageData struct {
	// FileName is the file's name (required).
	FileName string
	// ContentType is the file's media type; when empty it is guessed from the file
	// name's extension, then from the data.
	ContentType string
	// Data is read to the end and uploaded.
	Data io.Reader
	// ChecksumAlgorithm is the algorithm of Checksum; SHA256 when empty.
	ChecksumAlgorithm ChecksumAlgorithm
	// Checksum, when set, is checked by the server against the data; when empty the
	// server computes it.
	Checksum string
}

// Get returns the OTA package with the given id, with its data.
//
//tb:operation GET /api/otaPackage/{otaPackageId}
func (s *OTAPackageService) Get(ctx context.Context, otaPackageID string) (*OTAPackage, error) {
	if err := checkArgs("otaPackageID", otaPackageID); err != nil {
		return nil, err
	}
	return call[OTAPackage](ctx, s.client, http.MethodGet, pathf("/api/otaPackage/%s", otaPackageID), nil, nil)
}

// GetInfo returns the description of the OTA package with the given id.
//
//tb:operation GET /api/otaPackage/info/{otaPackageId}
func (s *OTAPackageService) GetInfo(ctx context.Context, otaPackageID string) (*OTAPackageInfo, error) {
	if err := checkArgs("otaPackageID", otaPackageID); err != nil {
		return nil, err
	}
	return call[OTAPackageInfo](ctx, s.client, http.MethodGet, pathf("/api/otaPackage/info/%s", otaPackageID), nil, nil)
}

// Download returns the data of the OTA package with the given id. The server answers
// a package that has a URL instead of data with an *APIError of status 400.
//
//tb:operation GET /api/otaPackage/{otaPackageId}/download
func (s *OTAPackageService) Download(ctx context.Context, otaPackageID string) ([]byte, error) {
	if err := checkArgs("otaPackageID", otaPackageID); err != nil {
		return nil, err
	}
	var out []byte
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/otaPackage/%s/download", otaPackageID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SaveInfo creates the OTA package (zero ID) or updates its description, and returns
// it as stored. A package with a URL is complete; one without waits for SaveData.
//
//tb:operation POST /api/otaPackage
func (s *OTAPackageService) SaveInfo(ctx context.Context, p *OTAPackageInfo) (*OTAPackageInfo, error) {
	if p == nil {
		return nil, errors.New("thingsboard: OTAPackages.SaveInfo: nil package")
	}
	if err := checkArgs("package title", p.Title, "package version", p.Version, "package type", string(p.Type)); err != nil {
		return nil, err
	}
	// The server reads usesUrl to choose between a URL and uploaded data.
	body := struct {
		OTAPackageInfo
		UsesURL bool `json:"usesUrl"`
	}{*p, strings.TrimSpace(p.URL) != ""}
	return call[OTAPackageInfo](ctx, s.client, http.MethodPost, "/api/otaPackage", nil, body)
}

// SaveData uploads the file of the OTA package and returns the package's description
// with the data's size and checksum.
//
//tb:operation POST /api/otaPackage/{otaPackageId}
func (s *OTAPackageService) SaveData(ctx context.Context, otaPackageID string, d OTAPackageData) (*OTAPackageInfo, error) {
	if err := checkArgs("otaPackageID", otaPackageID); err != nil {
		return nil, err
	}
	body, err := resourceMultipart(resourceFile{field: "file", fileName: d.FileName, contentType: d.ContentType, data: d.Data})
	if err != nil {
		return nil, err
	}
	alg := d.ChecksumAlgorithm
	if alg == "" {
		alg = ChecksumSHA256
	}
	q := url.Values{"checksumAlgorithm": {string(alg)}}
	setIf(q, "checksum", d.Checksum)
	out := new(OTAPackageInfo)
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: pathf("/api/otaPackage/%s", otaPackageID), query: q, body: body, out: out}); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete deletes the OTA package. The server refuses to delete a package that device
// profiles or devices still use.
//
//tb:operation DELETE /api/otaPackage/{otaPackageId}
func (s *OTAPackageService) Delete(ctx context.Context, otaPackageID string) error {
	if err := checkArgs("otaPackageID", otaPackageID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/otaPackage/%s", otaPackageID), nil, nil, nil)
}

// List returns one page of the tenant's OTA packages.
//
//tb:operation GET /api/otaPackages
func (s *OTAPackageService) List(ctx context.Context, pl PageLink) (*Page[OTAPackageInfo], error) {
	return call[Page[OTAPackageInfo]](ctx, s.client, http.MethodGet, "/api/otaPackages", pl.Values(), nil)
}

// ListAll iterates over the tenant's OTA packages, page by page from pl.
//
//tb:operation GET /api/otaPackages
func (s *OTAPackageService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[OTAPackageInfo, error] {
	return All(ctx, pl, s.List)
}

// ListByDeviceProfile returns one page of the OTA packages of type t for the device
// profile that have data or a URL, the ones that can be assigned to its devices.
//
//tb:operation GET /api/otaPackages/{deviceProfileId}/{type}
func (s *OTAPackageService) ListByDeviceProfile(ctx context.Context, deviceProfileID string, t OTAPackageType, pl PageLink) (*Page[OTAPackageInfo], error) {
	if err := checkArgs("deviceProfileID", deviceProfileID, "package type", string(t)); err != nil {
		return nil, err
	}
	return call[Page[OTAPackageInfo]](ctx, s.client, http.MethodGet, pathf("/api/otaPackages/%s/%s", deviceProfileID, string(t)), pl.Values(), nil)
}

// ListByDeviceProfileAll iterates over the OTA packages of type t for the device
// profile, page by page from pl.
//
//tb:operation GET /api/otaPackages/{deviceProfileId}/{type}
func (s *OTAPackageService) ListByDeviceProfileAll(ctx context.Context, deviceProfileID string, t OTAPackageType, pl PageLink) iter.Seq2[OTAPackageInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[OTAPackageInfo], error) {
		return s.ListByDeviceProfile(ctx, deviceProfileID, t, l)
	})
}
