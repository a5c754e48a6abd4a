package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// ComponentDescriptorService reads rule node component descriptors. See Client.ComponentDescriptors.
type ComponentDescriptorService service

// ComponentType is the kind of a rule node. A value this package does not list
// round-trips unchanged.
type ComponentType string

// Rule node component types.
const (
	ComponentEnrichment     ComponentType = "ENRICHMENT"
	ComponentFilter         ComponentType = "FILTER"
	ComponentTransformation ComponentType = "TRANSFORMATION"
	ComponentAction         ComponentType = "ACTION"
	ComponentExternal       ComponentType = "EXTERNAL"
	ComponentFlow           ComponentType = "FLOW"
	// ComponentAnalytics exists on Professional Edition servers.
	ComponentAnalytics ComponentType = "ANALYTICS"
)

// ComponentScope says whether a component is provided by the system or a tenant.
type ComponentScope string

// Component scopes.
const (
	ComponentScopeSystem ComponentScope = "SYSTEM"
	ComponentScopeTenant ComponentScope = "TENANT"
)

// ComponentClusteringMode says how a rule node runs in a cluster.
type ComponentClusteringMode string

// Clustering modes.
const (
	ClusteringUserPreference ComponentClusteringMode = "USER_PREFERENCE"
	ClusteringEnabled        ComponentClusteringMode = "ENABLED"
	ClusteringSingleton      ComponentClusteringMode = "SINGLETON"
)

// ComponentDescriptorID is the id of a component descriptor, written by the server as
// {"id":"..."}.
type ComponentDescriptorID struct {
	ID string `json:"id"`
}

// ComponentDescriptor describes one rule node implementation: its class, its kind and
// the form of its configuration.
type ComponentDescriptor struct {
	ID             ComponentDescriptorID   `json:"id"`
	CreatedTime    int64                   `json:"createdTime,omitzero"`
	Type           ComponentType           `json:"type"`
	Scope          ComponentScope          `json:"scope,omitzero"`
	ClusteringMode ComponentClusteringMode `json:"clusteringMode,omitzero"`
	Name           string                  `json:"name"`
	// Clazz is the fully qualified Java class of the rule node.
	Clazz string `json:"clazz"`
	// ConfigurationDescriptor is free-form JSON: the node's default configuration,
	// relation types and UI resources.
	ConfigurationDescriptor json.RawMessage `json:"configurationDescriptor,omitzero"`
	ConfigurationVersion    int             `json:"configurationVersion,omitzero"`
	Actions                 string          `json:"actions,omitzero"`
	HasQueueName            bool            `json:"hasQueueName,omitzero"`
	// HasSecrets is set by Professional Edition servers.
	HasSecrets bool `json:"hasSecrets,omitzero"`
}

// ComponentDescriptorListOptions are the optional parameters of the
// ComponentDescriptorService lists.
type ComponentDescriptorListOptions struct {
	// RuleChainType is RuleChainTypeCore (the server's default) or RuleChainTypeEdge:
	// the kind of rule chain the nodes are for.
	RuleChainType RuleChainType
}

func (o *ComponentDescriptorListOptions) query() url.Values {
	q := url.Values{}
	if o != nil && o.RuleChainType != "" {
		q.Set("ruleChainType", string(o.RuleChainType))
	}
	return q
}

// Get returns the descriptor of the rule node class clazz, such as
// "org.thingsboard.rule.engine.filter.TbMsgTypeFilterNode". An unknown class is an
// *APIError matching ErrNotFound.
//
//tb:operation GET /api/component/{componentDescriptorClazz}
func (s *ComponentDescriptorService) Get(ctx context.Context, clazz string) (*ComponentDescriptor, error) {
	if err := checkArgsOf("ComponentDescriptors.Get", "clazz", clazz); err != nil {
		return nil, err
	}
	return call[ComponentDescriptor](ctx, s.client, http.MethodGet, pathf("/api/component/%s", clazz), nil, nil)
}

// ListByType returns the descriptors of the rule nodes of one component type. opts
// may be nil.
//
//tb:operation GET /api/components/{componentType}
func (s *ComponentDescriptorService) ListByType(ctx context.Context, componentType ComponentType, opts *ComponentDescriptorListOptions) ([]ComponentDescriptor, error) {
	if err := checkArgsOf("ComponentDescriptors.ListByType", "componentType", string(componentType)); err != nil {
		return nil, err
	}
	var out []ComponentDescriptor
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/components/%s", string(componentType)), opts.query(), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByTypes returns the descriptors of the rule nodes of the given component types.
// opts may be nil.
//
//tb:operation GET /api/components
func (s *ComponentDescriptorService) ListByTypes(ctx context.Context, componentTypes []ComponentType, opts *ComponentDescriptorListOptions) ([]ComponentDescriptor, error) {
	if len(componentTypes) == 0 {
		return nil, errors.New("thingsboard: ComponentDescriptors.ListByTypes: empty componentTypes")
	}
	types := make([]string, len(componentTypes))
	for i, t := range componentTypes {
		if strings.TrimSpace(string(t)) == "" {
			return nil, errors.New("thingsboard: ComponentDescriptors.ListByTypes: empty component type")
		}
		types[i] = string(t)
	}
	q := opts.query()
	q.Set("componentTypes", strings.Join(types, ","))
	var out []ComponentDescriptor
	if err := s.client.do(ctx, http.MethodGet, "/api/components", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
