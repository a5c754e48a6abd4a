package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// RuleChainService manages rule chains and their metadata. See Client.RuleChains.
//
// A rule chain is saved in two steps: Save stores its name and flags, SaveMetaData
// its nodes and the connections between them.
type RuleChainService service

// RuleChainType says where a rule chain runs: CORE on the platform, EDGE on edges.
// A value this package does not list round-trips unchanged.
type RuleChainType string

// Rule chain types.
const (
	RuleChainTypeCore RuleChainType = "CORE"
	RuleChainTypeEdge RuleChainType = "EDGE"
)

// RuleChain is a rule chain without its nodes (see RuleChainMetaData).
type RuleChain struct {
	// ID is the rule chain's id; zero when creating one.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	Name        string   `json:"name"`
	// Type is CORE or EDGE; the server takes CORE when it is empty.
	Type RuleChainType `json:"type,omitzero"`
	// FirstRuleNodeID is the node that receives the chain's incoming messages (set by
	// SaveMetaData from RuleChainMetaData.FirstNodeIndex).
	FirstRuleNodeID EntityID `json:"firstRuleNodeId,omitzero"`
	// Root marks the tenant's root rule chain (or an edge's, for EDGE chains); change it
	// with SetRoot.
	Root bool `json:"root"`
	// DebugMode is reserved by the server.
	DebugMode bool `json:"debugMode"`
	// Configuration and AdditionalInfo are free-form JSON ("description" lives in
	// AdditionalInfo).
	Configuration  json.RawMessage `json:"configuration,omitzero"`
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
	// Version is the optimistic-locking version (3.8+); see Device.Version.
	Version int64 `json:"version,omitzero"`
}

// RuleNodeDebugSettings say which messages a rule node records as debug events.
type RuleNodeDebugSettings struct {
	// FailuresEnabled records the messages that fail.
	FailuresEnabled bool `json:"failuresEnabled"`
	// AllEnabled records every message until AllEnabledUntil (epoch milliseconds),
	// which the server sets from its debug duration limit.
	AllEnabled      bool  `json:"allEnabled"`
	AllEnabledUntil int64 `json:"allEnabledUntil,omitzero"`
}

// RuleNode is one node of a rule chain.
type RuleNode struct {
	// ID is zero for a node added by SaveMetaData.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	RuleChainID EntityID `json:"ruleChainId,omitzero"`
	// Type is the Java class of the node's implementation, for example
	// "org.thingsboard.rule.engine.filter.TbJsFilterNode".
	Type string `json:"type"`
	Name string `json:"name"`
	// DebugSettings is nil when the node records no debug events.
	DebugSettings *RuleNodeDebugSettings `json:"debugSettings,omitzero"`
	// SingletonMode runs the node on one rule engine instance only.
	SingletonMode bool   `json:"singletonMode"`
	QueueName     string `json:"queueName,omitzero"`
	// ConfigurationVersion is the version of the Configuration's shape.
	ConfigurationVersion int `json:"configurationVersion"`
	// Configuration is the node's configuration, shaped by Type.
	Configuration json.RawMessage `json:"configuration,omitzero"`
	// AdditionalInfo holds the editor's layout ("layoutX", "layoutY") and "description".
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
}

// NodeConnectionInfo connects two nodes of RuleChainMetaData.Nodes, by index, for
// messages that the first node routes with the relation Type ("Success", "True", ...).
type NodeConnectionInfo struct {
	FromIndex int    `json:"fromIndex"`
	ToIndex   int    `json:"toIndex"`
	Type      string `json:"type"`
}

// RuleChainConnectionInfo connects a node, by index, to another rule chain.
type RuleChainConnectionInfo struct {
	FromIndex         int             `json:"fromIndex"`
	TargetRuleChainID EntityID        `json:"targetRuleChainId"`
	AdditionalInfo    json.RawMessage `json:"additionalInfo"`
	Type              string          `json:"type"`
}

// RuleChainMetaData is the content of a rule chain: its nodes and their connections.
type RuleChainMetaData struct {
	// RuleChainID names the rule chain; SaveMetaData requires it.
	RuleChainID EntityID `json:"ruleChainId,omitzero"`
	// Version is the rule chain's optimistic-locking version.
	Version int64 `json:"version,omitzero"`
	// FirstNodeIndex is the index in Nodes of the node that receives the chain's
	// messages; nil when the chain has no nodes.
	FirstNodeIndex *int `json:"firstNodeIndex"`
	// Nodes are the nodes; nodes missing from a saved list are deleted.
	Nodes                []RuleNode                `json:"nodes"`
	Connections          []NodeConnectionInfo      `json:"connections"`
	RuleChainConnections []RuleChainConnectionInfo `json:"ruleChainConnections"`
	// Notes are the sticky notes of the rule chain editor (newer servers), kept as JSON.
	Notes json.RawMessage `json:"notes,omitzero"`
}

// RuleChainData is an export of rule chains with their metadata.
type RuleChainData struct {
	RuleChains []RuleChain         `json:"ruleChains"`
	Metadata   []RuleChainMetaData `json:"metadata"`
}

// RuleChainImportResult is the outcome of importing one rule chain.
type RuleChainImportResult struct {
	RuleChainID   EntityID `json:"ruleChainId"`
	RuleChainName string   `json:"ruleChainName"`
	// Updated reports that an existing rule chain of that name was overwritten.
	Updated bool `json:"updated"`
	// Error is set when the rule chain could not be imported.
	Error string `json:"error,omitzero"`
}

// RuleNodeScriptLang is the language of a rule node script: JS or TBEL.
type RuleNodeScriptLang string

// Script languages.
const (
	RuleNodeScriptJS   RuleNodeScriptLang = "JS"
	RuleNodeScriptTBEL RuleNodeScriptLang = "TBEL"
)

// RuleNodeScriptTest is a script of a rule node run by RuleChains.TestScript against a
// sample message.
type RuleNodeScriptTest struct {
	// Script is the function body.
	Script string `json:"script"`
	// ScriptType is the kind of function: "update" (transformation), "generate",
	// "filter", "switch", "json" or "string".
	ScriptType string `json:"scriptType"`
	// ArgNames are the names of the function's arguments, usually
	// ["msg", "metadata", "msgType"].
	ArgNames []string `json:"argNames"`
	// Msg is the sample message payload, a JSON text.
	Msg string `json:"msg"`
	// Metadata is the sample message metadata.
	Metadata map[string]string `json:"metadata"`
	// MsgType is the sample message type, for example "POST_TELEMETRY_REQUEST".
	MsgType string `json:"msgType"`
}

// RuleNodeScriptTestResult is the outcome of a script test: the function's output as
// text (JSON for the message-producing kinds) or the error it raised.
type RuleNodeScriptTestResult struct {
	Output string `json:"output"`
	Error  string `json:"error"`
}

// RuleChainListOptions filter RuleChains.List.
type RuleChainListOptions struct {
	// Type keeps the rule chains of this type; the server lists CORE chains when it is
	// empty.
	Type RuleChainType
}

// Get returns the rule chain with the given id. A missing rule chain is an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/ruleChain/{ruleChainId}
func (s *RuleChainService) Get(ctx context.Context, ruleChainID string) (*RuleChain, error) {
	return s.ruleChain(ctx, http.MethodGet, "/api/ruleChain/%s", ruleChainID)
}

// GetMetaData returns the nodes and connections of the rule chain.
//
//tb:operation GET /api/ruleChain/{ruleChainId}/metadata
func (s *RuleChainService) GetMetaData(ctx context.Context, ruleChainID string) (*RuleChainMetaData, error) {
	if err := checkArgs("ruleChainID", ruleChainID); err != nil {
		return nil, err
	}
	return call[RuleChainMetaData](ctx, s.client, http.MethodGet, pathf("/api/ruleChain/%s/metadata", ruleChainID), nil, nil)
}

// Save creates the rule chain (zero ID) or updates its name and flags, and returns it
// as stored. A new rule chain has no nodes until SaveMetaData.
//
//tb:operation POST /api/ruleChain
func (s *RuleChainService) Save(ctx context.Context, rc *RuleChain) (*RuleChain, error) {
	if rc == nil {
		return nil, errors.New("thingsboard: RuleChains.Save: nil rule chain")
	}
	if err := checkArgs("rule chain name", rc.Name); err != nil {
		return nil, err
	}
	return call[RuleChain](ctx, s.client, http.MethodPost, "/api/ruleChain", nil, rc)
}

// Delete deletes the rule chain. The server refuses to delete the root rule chain or
// one that device or asset profiles still use.
//
//tb:operation DELETE /api/ruleChain/{ruleChainId}
func (s *RuleChainService) Delete(ctx context.Context, ruleChainID string) error {
	if err := checkArgs("ruleChainID", ruleChainID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/ruleChain/%s", ruleChainID), nil, nil, nil)
}

// CreateDefault creates a rule chain with the given name and the nodes of the
// server's default device rule chain template (telemetry, attributes, RPC and alarm
// handling).
//
//tb:operation POST /api/ruleChain/device/default
func (s *RuleChainService) CreateDefault(ctx context.Context, name string) (*RuleChain, error) {
	if err := checkArgs("name", name); err != nil {
		return nil, err
	}
	out := new(RuleChain)
	body := struct {
		Name string `json:"name"`
	}{name}
	if err := s.client.do(ctx, http.MethodPost, "/api/ruleChain/device/default", nil, body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// SetRoot makes the rule chain the tenant's root rule chain (the one that receives
// the messages of entities whose profile names none) and returns it.
//
//tb:operation POST /api/ruleChain/{ruleChainId}/root
func (s *RuleChainService) SetRoot(ctx context.Context, ruleChainID string) (*RuleChain, error) {
	return s.ruleChain(ctx, http.MethodPost, "/api/ruleChain/%s/root", ruleChainID)
}

// SaveMetaData replaces the nodes and connections of the rule chain md.RuleChainID and
// returns them as stored, with the new nodes' ids. Nil lists are sent as empty lists.
//
//tb:operation POST /api/ruleChain/metadata
func (s *RuleChainService) SaveMetaData(ctx context.Context, md *RuleChainMetaData) (*RuleChainMetaData, error) {
	if md == nil {
		return nil, errors.New("thingsboard: RuleChains.SaveMetaData: nil metadata")
	}
	if err := checkArgs("metadata ruleChainId", md.RuleChainID.ID); err != nil {
		return nil, err
	}
	body := *md
	if body.Nodes == nil {
		body.Nodes = []RuleNode{}
	}
	if body.Connections == nil {
		body.Connections = []NodeConnectionInfo{}
	}
	if body.RuleChainConnections == nil {
		body.RuleChainConnections = []RuleChainConnectionInfo{}
	}
	return call[RuleChainMetaData](ctx, s.client, http.MethodPost, "/api/ruleChain/metadata", nil, body)
}

// List returns one page of the tenant's rule chains.
//
//tb:operation GET /api/ruleChains
func (s *RuleChainService) List(ctx context.Context, pl PageLink, opts *RuleChainListOptions) (*Page[RuleChain], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "type", string(opts.Type))
	}
	return call[Page[RuleChain]](ctx, s.client, http.MethodGet, "/api/ruleChains", q, nil)
}

// ListAll iterates over the tenant's rule chains, page by page from pl.
//
//tb:operation GET /api/ruleChains
func (s *RuleChainService) ListAll(ctx context.Context, pl PageLink, opts *RuleChainListOptions) iter.Seq2[RuleChain, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[RuleChain], error) {
		return s.List(ctx, l, opts)
	})
}

// GetLatestDebugInput returns the body of the last debug event that the rule node
// received (its message, metadata and type), as JSON; nil when the node has none.
//
//tb:operation GET /api/ruleNode/{ruleNodeId}/debugIn
func (s *RuleChainService) GetLatestDebugInput(ctx context.Context, ruleNodeID string) (json.RawMessage, error) {
	if err := checkArgs("ruleNodeID", ruleNodeID); err != nil {
		return nil, err
	}
	var raw []byte
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/ruleNode/%s/debugIn", ruleNodeID), nil, nil, &raw); err != nil {
		return nil, err
	}
	return rulesRawJSON(raw), nil
}

// TestScript runs a rule node script on the server against the sample message of t.
// An empty lang means JS. A script that fails is not an error of the call: its message
// is in the result's Error.
//
//tb:operation POST /api/ruleChain/testScript
func (s *RuleChainService) TestScript(ctx context.Context, lang RuleNodeScriptLang, t RuleNodeScriptTest) (*RuleNodeScriptTestResult, error) {
	if err := checkArgs("script", t.Script, "scriptType", t.ScriptType); err != nil {
		return nil, err
	}
	if t.ArgNames == nil {
		t.ArgNames = []string{}
	}
	if t.Metadata == nil {
		t.Metadata = map[string]string{}
	}
	var q url.Values
	if lang != "" {
		q = url.Values{"scriptLang": {string(lang)}}
	}
	return call[RuleNodeScriptTestResult](ctx, s.client, http.MethodPost, "/api/ruleChain/testScript", q, t)
}

// Export returns up to limit of the tenant's rule chains with their metadata, in the
// form Import takes.
//
//tb:operation GET /api/ruleChains/export
func (s *RuleChainService) Export(ctx context.Context, limit int) (*RuleChainData, error) {
	if limit <= 0 {
		return nil, errors.New("thingsboard: RuleChains.Export: limit must be positive")
	}
	out := new(RuleChainData)
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if err := s.client.do(ctx, http.MethodGet, "/api/ruleChains/export", q, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Import creates the rule chains of data. With overwrite, a rule chain whose name is
// taken replaces the existing one; without it, it is reported as an error in its
// result.
//
//tb:operation POST /api/ruleChains/import
func (s *RuleChainService) Import(ctx context.Context, data *RuleChainData, overwrite bool) ([]RuleChainImportResult, error) {
	if data == nil {
		return nil, errors.New("thingsboard: RuleChains.Import: nil data")
	}
	body := *data
	if body.RuleChains == nil {
		body.RuleChains = []RuleChain{}
	}
	if body.Metadata == nil {
		body.Metadata = []RuleChainMetaData{}
	}
	var q url.Values
	if overwrite {
		q = url.Values{"overwrite": {"true"}}
	}
	var out []RuleChainImportResult
	if err := s.client.do(ctx, http.MethodPost, "/api/ruleChains/import", q, body, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AssignToEdge assigns the EDGE rule chain to the edge and returns it.
//
//tb:operation POST /api/edge/{edgeId}/ruleChain/{ruleChainId}
func (s *RuleChainService) AssignToEdge(ctx context.Context, edgeID, ruleChainID string) (*RuleChain, error) {
	return s.edgeAssignment(ctx, http.MethodPost, edgeID, ruleChainID)
}

// UnassignFromEdge removes the rule chain from the edge and returns it.
//
//tb:operation DELETE /api/edge/{edgeId}/ruleChain/{ruleChainId}
func (s *RuleChainService) UnassignFromEdge(ctx context.Context, edgeID, ruleChainID string) (*RuleChain, error) {
	return s.edgeAssignment(ctx, http.MethodDelete, edgeID, ruleChainID)
}

func (s *RuleChainService) edgeAssignment(ctx context.Context, method, edgeID, ruleChainID string) (*RuleChain, error) {
	if err := checkArgs("edgeID", edgeID, "ruleChainID", ruleChainID); err != nil {
		return nil, err
	}
	out := new(RuleChain)
	if err := s.client.do(ctx, method, pathf("/api/edge/%s/ruleChain/%s", edgeID, ruleChainID), nil, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListEdge returns one page of the rule chains assigned to the edge.
//
//tb:operation GET /api/edge/{edgeId}/ruleChains
func (s *RuleChainService) ListEdge(ctx context.Context, edgeID string, pl PageLink) (*Page[RuleChain], error) {
	if err := checkArgs("edgeID", edgeID); err != nil {
		return nil, err
	}
	return call[Page[RuleChain]](ctx, s.client, http.MethodGet, pathf("/api/edge/%s/ruleChains", edgeID), pl.Values(), nil)
}

// ListEdgeAll iterates over the rule chains assigned to the edge, page by page from pl.
//
//tb:operation GET /api/edge/{edgeId}/ruleChains
func (s *RuleChainService) ListEdgeAll(ctx context.Context, edgeID string, pl PageLink) iter.Seq2[RuleChain, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[RuleChain], error) {
		return s.ListEdge(ctx, edgeID, l)
	})
}

// SetEdgeTemplateRoot makes the EDGE rule chain the root rule chain of the edges
// created from now on, and returns it.
//
//tb:operation POST /api/ruleChain/{ruleChainId}/edgeTemplateRoot
func (s *RuleChainService) SetEdgeTemplateRoot(ctx context.Context, ruleChainID string) (*RuleChain, error) {
	return s.ruleChain(ctx, http.MethodPost, "/api/ruleChain/%s/edgeTemplateRoot", ruleChainID)
}

// SetAutoAssignToEdge makes the EDGE rule chain be assigned to every edge created from
// now on, and returns it.
//
//tb:operation POST /api/ruleChain/{ruleChainId}/autoAssignToEdge
func (s *RuleChainService) SetAutoAssignToEdge(ctx context.Context, ruleChainID string) (*RuleChain, error) {
	return s.ruleChain(ctx, http.MethodPost, "/api/ruleChain/%s/autoAssignToEdge", ruleChainID)
}

// UnsetAutoAssignToEdge stops assigning the rule chain to new edges, and returns it.
// Edges that already have it keep it.
//
//tb:operation DELETE /api/ruleChain/{ruleChainId}/autoAssignToEdge
func (s *RuleChainService) UnsetAutoAssignToEdge(ctx context.Context, ruleChainID string) (*RuleChain, error) {
	return s.ruleChain(ctx, http.MethodDelete, "/api/ruleChain/%s/autoAssignToEdge", ruleChainID)
}

// ListAutoAssignToEdge returns the rule chains that are assigned to every new edge.
//
//tb:operation GET /api/ruleChain/autoAssignToEdgeRuleChains
func (s *RuleChainService) ListAutoAssignToEdge(ctx context.Context) ([]RuleChain, error) {
	var out []RuleChain
	if err := s.client.do(ctx, http.MethodGet, "/api/ruleChain/autoAssignToEdgeRuleChains", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ruleChain performs a call on one rule chain, format holding one %s for its id, and
// decodes the rule chain it answers.
func (s *RuleChainService) ruleChain(ctx context.Context, method, format, ruleChainID string) (*RuleChain, error) {
	if err := checkArgs("ruleChainID", ruleChainID); err != nil {
		return nil, err
	}
	out := new(RuleChain)
	if err := s.client.do(ctx, method, pathf(format, ruleChainID), nil, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// rulesRawJSON returns b as JSON, or nil for an empty body or a JSON null.
func rulesRawJSON(b []byte) json.RawMessage {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || string(t) == "null" {
		return nil
	}
	return json.RawMessage(t)
}
