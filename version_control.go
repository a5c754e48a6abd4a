package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// VersionControlService exports and restores entities with version control. See Client.VersionControl.
//
// The tenant's repository is configured in the admin settings. Creating and loading a
// version are asynchronous: SaveVersion and LoadVersion return a request id whose
// progress GetVersionCreateStatus and GetVersionLoadStatus report until Done.
type VersionControlService service

// VersionCreateRequestType is SINGLE_ENTITY or COMPLEX.
type VersionCreateRequestType string

// Kinds of version creation.
const (
	VersionCreateSingleEntity VersionCreateRequestType = "SINGLE_ENTITY"
	VersionCreateComplex      VersionCreateRequestType = "COMPLEX"
)

// VersionLoadRequestType is SINGLE_ENTITY or ENTITY_TYPE.
type VersionLoadRequestType string

// Kinds of version loading.
const (
	VersionLoadSingleEntity VersionLoadRequestType = "SINGLE_ENTITY"
	VersionLoadEntityType   VersionLoadRequestType = "ENTITY_TYPE"
)

// SyncStrategy says what a COMPLEX version does with the repository's entities of a
// type that the version leaves out: MERGE keeps them, OVERWRITE removes them.
type SyncStrategy string

// Sync strategies.
const (
	SyncStrategyMerge     SyncStrategy = "MERGE"
	SyncStrategyOverwrite SyncStrategy = "OVERWRITE"
)

// VersionCreateConfig says what is exported with an entity.
type VersionCreateConfig struct {
	SaveRelations        bool `json:"saveRelations"`
	SaveAttributes       bool `json:"saveAttributes"`
	SaveCredentials      bool `json:"saveCredentials"`
	SaveCalculatedFields bool `json:"saveCalculatedFields"`
}

// EntityTypeVersionCreateConfig says which entities of one type a COMPLEX version
// exports, and with what.
type EntityTypeVersionCreateConfig struct {
	VersionCreateConfig
	// SyncStrategy overrides the request's strategy for this type.
	SyncStrategy SyncStrategy `json:"syncStrategy,omitzero"`
	// AllEntities exports every entity of the type; otherwise EntityIDs lists them.
	AllEntities bool     `json:"allEntities"`
	EntityIDs   []string `json:"entityIds,omitzero"`
}

// VersionCreateRequest asks for a new version in the repository. Set EntityID and
// Config for a SINGLE_ENTITY version, SyncStrategy and EntityTypes for a COMPLEX one.
type VersionCreateRequest struct {
	Type VersionCreateRequestType `json:"type"`
	// VersionName is the commit message.
	VersionName string `json:"versionName,omitzero"`
	// Branch is the branch to commit to; the repository's default when empty.
	Branch string `json:"branch,omitzero"`
	// EntityID and Config describe a SINGLE_ENTITY version.
	EntityID EntityID             `json:"entityId,omitzero"`
	Config   *VersionCreateConfig `json:"config,omitzero"`
	// SyncStrategy and EntityTypes describe a COMPLEX version.
	SyncStrategy SyncStrategy                                 `json:"syncStrategy,omitzero"`
	EntityTypes  map[EntityType]EntityTypeVersionCreateConfig `json:"entityTypes,omitzero"`
}

// VersionLoadConfig says what is restored with an entity.
type VersionLoadConfig struct {
	LoadRelations        bool `json:"loadRelations"`
	LoadAttributes       bool `json:"loadAttributes"`
	LoadCredentials      bool `json:"loadCredentials"`
	LoadCalculatedFields bool `json:"loadCalculatedFields"`
}

// EntityTypeVersionLoadConfig says how the entities of one type are restored.
type EntityTypeVersionLoadConfig struct {
	VersionLoadConfig
	// RemoveOtherEntities deletes the entities of the type that the version lacks.
	RemoveOtherEntities bool `json:"removeOtherEntities"`
	// FindExistingEntityByName matches entities by name when their ids differ.
	FindExistingEntityByName bool `json:"findExistingEntityByName"`
}

// VersionLoadRequest asks to restore entities from a version. Set ExternalEntityID and
// Config for SINGLE_ENTITY, EntityTypes (and RollbackOnError) for ENTITY_TYPE.
type VersionLoadRequest struct {
	Type VersionLoadRequestType `json:"type"`
	// VersionID is the version (commit) to load.
	VersionID string `json:"versionId"`
	// ExternalEntityID and Config describe a SINGLE_ENTITY load; the id is the
	// entity's id in the repository.
	ExternalEntityID EntityID           `json:"externalEntityId,omitzero"`
	Config           *VersionLoadConfig `json:"config,omitzero"`
	// EntityTypes and RollbackOnError describe an ENTITY_TYPE load.
	EntityTypes     map[EntityType]EntityTypeVersionLoadConfig `json:"entityTypes,omitzero"`
	RollbackOnError bool                                       `json:"rollbackOnError,omitzero"`
}

// EntityVersion is a version (commit) of the repository.
type EntityVersion struct {
	// Timestamp is the commit time, epoch milliseconds.
	Timestamp int64 `json:"timestamp"`
	// ID is the commit id.
	ID     string `json:"id"`
	Name   string `json:"name"`
	Author string `json:"author,omitzero"`
}

// VersionCreationResult is the progress of a version creation.
type VersionCreationResult struct {
	// Version is the created version, once Done without Error.
	Version  *EntityVersion `json:"version,omitzero"`
	Added    int            `json:"added"`
	Modified int            `json:"modified"`
	Removed  int            `json:"removed"`
	Error    string         `json:"error,omitzero"`
	Done     bool           `json:"done"`
}

// EntityTypeLoadResult counts the entities of one type that a load changed.
type EntityTypeLoadResult struct {
	EntityType EntityType `json:"entityType"`
	Created    int        `json:"created"`
	Updated    int        `json:"updated"`
	Deleted    int        `json:"deleted"`
}

// EntityLoadError describes why a load failed.
type EntityLoadError struct {
	// Type is the kind of failure, for example "ENTITY_NOT_FOUND" or "RUNTIME".
	Type    string   `json:"type"`
	Source  EntityID `json:"source,omitzero"`
	Target  EntityID `json:"target,omitzero"`
	Message string   `json:"message,omitzero"`
}

// VersionLoadResult is the progress of a version load.
type VersionLoadResult struct {
	Result []EntityTypeLoadResult `json:"result,omitzero"`
	Error  *EntityLoadError       `json:"error,omitzero"`
	Done   bool                   `json:"done"`
}

// EntityDataInfo says what a version holds besides an entity itself.
type EntityDataInfo struct {
	HasRelations        bool `json:"hasRelations"`
	HasAttributes       bool `json:"hasAttributes"`
	HasCredentials      bool `json:"hasCredentials"`
	HasCalculatedFields bool `json:"hasCalculatedFields"`
}

// EntityDataDiff holds an entity as it is now and as a version has it, both in the
// server's export form (the entity, its relations, attributes, ...), as JSON.
type EntityDataDiff struct {
	CurrentVersion json.RawMessage `json:"currentVersion,omitzero"`
	OtherVersion   json.RawMessage `json:"otherVersion,omitzero"`
}

// BranchInfo is a branch of the repository.
type BranchInfo struct {
	Name string `json:"name"`
	// Default marks the repository's default branch.
	Default bool `json:"default"`
}

// EntityVersionListOptions tune VersionControl.ListEntityVersions.
type EntityVersionListOptions struct {
	// InternalEntityID is the entity's id on this server when it differs from its id
	// in the repository (Professional Edition).
	InternalEntityID string
}

// EntityDataInfoOptions tune VersionControl.GetEntityDataInfo.
type EntityDataInfoOptions struct {
	// InternalEntityID is the entity's id on this server when it differs from its id
	// in the repository (Professional Edition).
	InternalEntityID string
}

// SaveVersion starts creating a version and returns the id of the request; follow it
// with GetVersionCreateStatus.
//
//tb:operation POST /api/entities/vc/version
func (s *VersionControlService) SaveVersion(ctx context.Context, req VersionCreateRequest) (string, error) {
	if err := checkArgs("version request type", string(req.Type)); err != nil {
		return "", err
	}
	var raw []byte
	if err := s.client.do(ctx, http.MethodPost, "/api/entities/vc/version", nil, req, &raw); err != nil {
		return "", err
	}
	return versionRequestID("/api/entities/vc/version", raw)
}

// GetVersionCreateStatus returns the progress of a version creation started by
// SaveVersion.
//
//tb:operation GET /api/entities/vc/version/{requestId}/status
func (s *VersionControlService) GetVersionCreateStatus(ctx context.Context, requestID string) (*VersionCreationResult, error) {
	if err := checkArgs("requestID", requestID); err != nil {
		return nil, err
	}
	return call[VersionCreationResult](ctx, s.client, http.MethodGet, pathf("/api/entities/vc/version/%s/status", requestID), nil, nil)
}

// ListEntityVersions returns one page of the versions of branch that hold the entity,
// identified by its id in the repository, newest first unless pl sorts otherwise.
//
//tb:operation GET /api/entities/vc/version/{entityType}/{externalEntityUuid}
func (s *VersionControlService) ListEntityVersions(ctx context.Context, externalEntityID EntityID, branch string, pl PageLink, opts *EntityVersionListOptions) (*Page[EntityVersion], error) {
	if err := checkEntityID("externalEntityID", externalEntityID); err != nil {
		return nil, err
	}
	q, err := versionQuery(branch, pl)
	if err != nil {
		return nil, err
	}
	if opts != nil {
		setIf(q, "internalEntityId", opts.InternalEntityID)
	}
	path := pathf("/api/entities/vc/version/%s/%s", string(externalEntityID.EntityType), externalEntityID.ID)
	return s.versions(ctx, path, q)
}

// ListEntityTypeVersions returns one page of the versions of branch that hold entities
// of the given type.
//
//tb:operation GET /api/entities/vc/version/{entityType}
func (s *VersionControlService) ListEntityTypeVersions(ctx context.Context, entityType EntityType, branch string, pl PageLink) (*Page[EntityVersion], error) {
	if err := checkArgs("entityType", string(entityType)); err != nil {
		return nil, err
	}
	q, err := versionQuery(branch, pl)
	if err != nil {
		return nil, err
	}
	return s.versions(ctx, pathf("/api/entities/vc/version/%s", string(entityType)), q)
}

// ListVersions returns one page of the versions of branch.
//
//tb:operation GET /api/entities/vc/version
func (s *VersionControlService) ListVersions(ctx context.Context, branch string, pl PageLink) (*Page[EntityVersion], error) {
	q, err := versionQuery(branch, pl)
	if err != nil {
		return nil, err
	}
	return s.versions(ctx, "/api/entities/vc/version", q)
}

// ListVersionsAll iterates over the versions of branch, page by page from pl.
//
//tb:operation GET /api/entities/vc/version
func (s *VersionControlService) ListVersionsAll(ctx context.Context, branch string, pl PageLink) iter.Seq2[EntityVersion, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[EntityVersion], error) {
		return s.ListVersions(ctx, branch, l)
	})
}

func (s *VersionControlService) versions(ctx context.Context, path string, q url.Values) (*Page[EntityVersion], error) {
	return call[Page[EntityVersion]](ctx, s.client, http.MethodGet, path, q, nil)
}

// GetEntityDataInfo says what the version holds for the entity identified by its id in
// the repository: relations, attributes, credentials, calculated fields.
//
//tb:operation GET /api/entities/vc/info/{versionId}/{entityType}/{externalEntityUuid}
func (s *VersionControlService) GetEntityDataInfo(ctx context.Context, versionID string, externalEntityID EntityID, opts *EntityDataInfoOptions) (*EntityDataInfo, error) {
	if err := checkArgs("versionID", versionID); err != nil {
		return nil, err
	}
	if err := checkEntityID("externalEntityID", externalEntityID); err != nil {
		return nil, err
	}
	var q url.Values
	if opts != nil && opts.InternalEntityID != "" {
		q = url.Values{"internalEntityId": {opts.InternalEntityID}}
	}
	out := new(EntityDataInfo)
	path := pathf("/api/entities/vc/info/%s/%s/%s", versionID, string(externalEntityID.EntityType), externalEntityID.ID)
	if err := s.client.do(ctx, http.MethodGet, path, q, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CompareToVersion returns the entity as it is now beside its form in the version.
//
//tb:operation GET /api/entities/vc/diff/{entityType}/{internalEntityUuid}
func (s *VersionControlService) CompareToVersion(ctx context.Context, entityID EntityID, versionID string) (*EntityDataDiff, error) {
	if err := checkEntityID("entityID", entityID); err != nil {
		return nil, err
	}
	if err := checkArgs("versionID", versionID); err != nil {
		return nil, err
	}
	out := new(EntityDataDiff)
	path := pathf("/api/entities/vc/diff/%s/%s", string(entityID.EntityType), entityID.ID)
	if err := s.client.do(ctx, http.MethodGet, path, url.Values{"versionId": {versionID}}, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// LoadVersion starts restoring entities from a version and returns the id of the
// request; follow it with GetVersionLoadStatus.
//
//tb:operation POST /api/entities/vc/entity
func (s *VersionControlService) LoadVersion(ctx context.Context, req VersionLoadRequest) (string, error) {
	if err := checkArgs("version request type", string(req.Type), "versionId", req.VersionID); err != nil {
		return "", err
	}
	var raw []byte
	if err := s.client.do(ctx, http.MethodPost, "/api/entities/vc/entity", nil, req, &raw); err != nil {
		return "", err
	}
	return versionRequestID("/api/entities/vc/entity", raw)
}

// GetVersionLoadStatus returns the progress of a load started by LoadVersion.
//
//tb:operation GET /api/entities/vc/entity/{requestId}/status
func (s *VersionControlService) GetVersionLoadStatus(ctx context.Context, requestID string) (*VersionLoadResult, error) {
	if err := checkArgs("requestID", requestID); err != nil {
		return nil, err
	}
	return call[VersionLoadResult](ctx, s.client, http.MethodGet, pathf("/api/entities/vc/entity/%s/status", requestID), nil, nil)
}

// ListBranches returns the branches of the tenant's repository.
//
//tb:operation GET /api/entities/vc/branches
func (s *VersionControlService) ListBranches(ctx context.Context) ([]BranchInfo, error) {
	var out []BranchInfo
	if err := s.client.do(ctx, http.MethodGet, "/api/entities/vc/branches", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// versionQuery is pl with the branch the version lists require.
func versionQuery(branch string, pl PageLink) (url.Values, error) {
	if err := checkArgs("branch", branch); err != nil {
		return nil, err
	}
	q := pl.Values()
	q.Set("branch", branch)
	return q, nil
}

// versionRequestID reads the request id the server answered: a UUID as a JSON string
// (or, leniently, as bare text).
func versionRequestID(path string, raw []byte) (string, error) {
	raw = bytes.TrimSpace(raw)
	id := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &id); err != nil {
			return "", fmt.Errorf("thingsboard: POST %s: decoding response: %w", path, err)
		}
	}
	if strings.TrimSpace(id) == "" {
		return "", fmt.Errorf("thingsboard: POST %s: the server answered no request id", path)
	}
	return id, nil
}
