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

// OAuth2Service manages OAuth 2.0 clients and login providers. See Client.OAuth2.
//
// Since ThingsBoard 3.8 the OAuth 2.0 configuration is a set of clients
// (ListClientInfos, GetClient, SaveClient, DeleteClient) that domains and mobile
// application bundles refer to; the single configuration object of older servers
// (/api/oauth2/config) is gone. Client registration templates are the presets
// (Google, GitHub, ...) that the UI offers when creating a client.
type OAuth2Service service

// OAuth2ClientLoginInfo is one OAuth 2.0 login button: its label, icon and the URL
// that starts the login.
type OAuth2ClientLoginInfo struct {
	Name string `json:"name"`
	Icon string `json:"icon,omitzero"`
	URL  string `json:"url"`
}

// MapperType says how the server maps an OAuth 2.0 user to a ThingsBoard user.
type MapperType string

// Mapper types.
const (
	MapperBasic  MapperType = "BASIC"
	MapperCustom MapperType = "CUSTOM"
	MapperGitHub MapperType = "GITHUB"
	MapperApple  MapperType = "APPLE"
)

// TenantNameStrategyType says how the basic mapper names the tenant of a new user.
type TenantNameStrategyType string

// Tenant name strategies.
const (
	TenantNameDomain TenantNameStrategyType = "DOMAIN"
	TenantNameEmail  TenantNameStrategyType = "EMAIL"
	TenantNameCustom TenantNameStrategyType = "CUSTOM"
)

// OAuth2MapperConfig says how the users of an OAuth 2.0 client become ThingsBoard users.
type OAuth2MapperConfig struct {
	AllowUserCreation bool       `json:"allowUserCreation"`
	ActivateUser      bool       `json:"activateUser"`
	Type              MapperType `json:"type"`
	// Basic is set for the BASIC, GITHUB and APPLE mappers, Custom for CUSTOM.
	Basic  *OAuth2BasicMapperConfig  `json:"basic,omitempty"`
	Custom *OAuth2CustomMapperConfig `json:"custom,omitempty"`
}

// OAuth2BasicMapperConfig maps the attributes of the provider's user info.
type OAuth2BasicMapperConfig struct {
	EmailAttributeKey     string                 `json:"emailAttributeKey,omitzero"`
	FirstNameAttributeKey string                 `json:"firstNameAttributeKey,omitzero"`
	LastNameAttributeKey  string                 `json:"lastNameAttributeKey,omitzero"`
	TenantNameStrategy    TenantNameStrategyType `json:"tenantNameStrategy"`
	TenantNamePattern     string                 `json:"tenantNamePattern,omitzero"`
	CustomerNamePattern   string                 `json:"customerNamePattern,omitzero"`
	DefaultDashboardName  string                 `json:"defaultDashboardName,omitzero"`
	AlwaysFullScreen      bool                   `json:"alwaysFullScreen"`
	// ParentCustomerNamePattern and UserGroupsNamePattern exist on Professional
	// Edition servers.
	ParentCustomerNamePattern string   `json:"parentCustomerNamePattern,omitzero"`
	UserGroupsNamePattern     []string `json:"userGroupsNamePattern,omitzero"`
}

// OAuth2CustomMapperConfig delegates the mapping to an external HTTP service.
type OAuth2CustomMapperConfig struct {
	URL       string `json:"url,omitzero"`
	Username  string `json:"username,omitzero"`
	Password  string `json:"password,omitzero"`
	SendToken bool   `json:"sendToken"`
}

// OAuth2Client is one OAuth 2.0 client registration: a provider and the credentials the
// server uses with it.
type OAuth2Client struct {
	// ID is the client's id; zero when creating a client.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID and OwnerID exist on Professional Edition servers.
	CustomerID EntityID `json:"customerId,omitzero"`
	OwnerID    EntityID `json:"ownerId,omitzero"`
	Title      string   `json:"title"`
	// MapperConfig is required.
	MapperConfig               OAuth2MapperConfig `json:"mapperConfig"`
	ClientID                   string             `json:"clientId"`
	ClientSecret               string             `json:"clientSecret"`
	AuthorizationURI           string             `json:"authorizationUri"`
	AccessTokenURI             string             `json:"accessTokenUri"`
	Scope                      []string           `json:"scope"`
	UserInfoURI                string             `json:"userInfoUri,omitzero"`
	UserNameAttributeName      string             `json:"userNameAttributeName"`
	JwkSetURI                  string             `json:"jwkSetUri,omitzero"`
	ClientAuthenticationMethod string             `json:"clientAuthenticationMethod"`
	LoginButtonLabel           string             `json:"loginButtonLabel"`
	LoginButtonIcon            string             `json:"loginButtonIcon,omitzero"`
	// Platforms limits the client to some platforms; empty means all.
	Platforms []PlatformType `json:"platforms,omitzero"`
	// Name is computed by the server.
	Name string `json:"name,omitzero"`
	// AdditionalInfo is free-form JSON ("providerName" lives there). It is sent as {}
	// when empty, because the server requires it.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
}

// OAuth2ClientInfo is the summary of an OAuth 2.0 client.
type OAuth2ClientInfo struct {
	ID           EntityID       `json:"id"`
	CreatedTime  int64          `json:"createdTime,omitzero"`
	Title        string         `json:"title"`
	ProviderName string         `json:"providerName,omitzero"`
	Platforms    []PlatformType `json:"platforms,omitzero"`
	Name         string         `json:"name,omitzero"`
}

// OAuth2ClientRegistrationTemplateID is the id of a client registration template,
// written by the server as {"id":"..."}.
type OAuth2ClientRegistrationTemplateID struct {
	ID string `json:"id"`
}

// OAuth2ClientRegistrationTemplate is a preset for the clients of one provider.
type OAuth2ClientRegistrationTemplate struct {
	// ID is the template's id; zero when creating a template.
	ID          OAuth2ClientRegistrationTemplateID `json:"id,omitzero"`
	CreatedTime int64                              `json:"createdTime,omitzero"`
	// ProviderID names the provider, such as "Google"; it is required.
	ProviderID                 string              `json:"providerId"`
	MapperConfig               *OAuth2MapperConfig `json:"mapperConfig,omitempty"`
	AuthorizationURI           string              `json:"authorizationUri,omitzero"`
	AccessTokenURI             string              `json:"accessTokenUri,omitzero"`
	Scope                      []string            `json:"scope,omitzero"`
	UserInfoURI                string              `json:"userInfoUri,omitzero"`
	UserNameAttributeName      string              `json:"userNameAttributeName,omitzero"`
	JwkSetURI                  string              `json:"jwkSetUri,omitzero"`
	ClientAuthenticationMethod string              `json:"clientAuthenticationMethod,omitzero"`
	Comment                    string              `json:"comment,omitzero"`
	LoginButtonIcon            string              `json:"loginButtonIcon,omitzero"`
	LoginButtonLabel           string              `json:"loginButtonLabel,omitzero"`
	HelpLink                   string              `json:"helpLink,omitzero"`
	Name                       string              `json:"name,omitzero"`
	AdditionalInfo             json.RawMessage     `json:"additionalInfo,omitzero"`
}

// ListLoginClients returns the OAuth 2.0 login buttons of the web application (opts
// nil) or of a mobile application. It needs no credentials.
//
//tb:operation POST /api/noauth/oauth2Clients
func (s *OAuth2Service) ListLoginClients(ctx context.Context, opts *MobileAppOptions) ([]OAuth2ClientLoginInfo, error) {
	var out []OAuth2ClientLoginInfo
	q := opts.values(nil, "platform")
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/oauth2Clients", query: q, noAuth: true, out: &out}); err != nil {
		return nil, err
	}
	return out, nil
}

// GetLoginProcessingURL returns the path where providers send users back after login,
// such as "/login/oauth2/code/".
//
//tb:operation GET /api/oauth2/loginProcessingUrl
func (s *OAuth2Service) GetLoginProcessingURL(ctx context.Context) (string, error) {
	var raw []byte
	if err := s.client.do(ctx, http.MethodGet, "/api/oauth2/loginProcessingUrl", nil, nil, &raw); err != nil {
		return "", err
	}
	return platformText(raw), nil
}

// ListClientInfos returns one page of the summaries of the OAuth 2.0 clients.
//
//tb:operation GET /api/oauth2/client/infos
func (s *OAuth2Service) ListClientInfos(ctx context.Context, pl PageLink) (*Page[OAuth2ClientInfo], error) {
	return call[Page[OAuth2ClientInfo]](ctx, s.client, http.MethodGet, "/api/oauth2/client/infos", pl.Values(), nil)
}

// ListClientInfosAll iterates over the summaries of every OAuth 2.0 client, starting at pl.
//
//tb:operation GET /api/oauth2/client/infos
func (s *OAuth2Service) ListClientInfosAll(ctx context.Context, pl PageLink) iter.Seq2[OAuth2ClientInfo, error] {
	return All(ctx, pl, s.ListClientInfos)
}

// ListClientInfosByIDs returns the summaries of the OAuth 2.0 clients with the given ids.
//
//tb:operation GET /api/oauth2/client/list
func (s *OAuth2Service) ListClientInfosByIDs(ctx context.Context, clientIDs []string) ([]OAuth2ClientInfo, error) {
	if err := peCheckIDs("OAuth2.ListClientInfosByIDs", "clientIDs", clientIDs); err != nil {
		return nil, err
	}
	var out []OAuth2ClientInfo
	q := url.Values{"clientIds": {strings.Join(clientIDs, ",")}}
	if err := s.client.do(ctx, http.MethodGet, "/api/oauth2/client/list", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetClient returns the OAuth 2.0 client with the given id, secret included.
//
//tb:operation GET /api/oauth2/client/{id}
func (s *OAuth2Service) GetClient(ctx context.Context, clientID string) (*OAuth2Client, error) {
	if err := checkArgsOf("OAuth2.GetClient", "clientID", clientID); err != nil {
		return nil, err
	}
	return call[OAuth2Client](ctx, s.client, http.MethodGet, pathf("/api/oauth2/client/%s", clientID), nil, nil)
}

// SaveClient creates the OAuth 2.0 client (zero ID) or updates it, and returns it as stored.
//
//tb:operation POST /api/oauth2/client
func (s *OAuth2Service) SaveClient(ctx context.Context, c *OAuth2Client) (*OAuth2Client, error) {
	if c == nil {
		return nil, errors.New("thingsboard: OAuth2.SaveClient: nil client")
	}
	if err := checkArgsOf("OAuth2.SaveClient", "title", c.Title, "clientId", c.ClientID, "mapper type", string(c.MapperConfig.Type)); err != nil {
		return nil, err
	}
	body := *c
	if len(body.AdditionalInfo) == 0 {
		body.AdditionalInfo = json.RawMessage(`{}`)
	}
	out := new(OAuth2Client)
	if err := s.client.do(ctx, http.MethodPost, "/api/oauth2/client", nil, &body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteClient deletes the OAuth 2.0 client.
//
//tb:operation DELETE /api/oauth2/client/{id}
func (s *OAuth2Service) DeleteClient(ctx context.Context, clientID string) error {
	if err := checkArgsOf("OAuth2.DeleteClient", "clientID", clientID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/oauth2/client/%s", clientID), nil, nil, nil)
}

// ListTemplates returns every client registration template.
//
//tb:operation GET /api/oauth2/config/template
func (s *OAuth2Service) ListTemplates(ctx context.Context) ([]OAuth2ClientRegistrationTemplate, error) {
	var out []OAuth2ClientRegistrationTemplate
	if err := s.client.do(ctx, http.MethodGet, "/api/oauth2/config/template", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SaveTemplate creates the client registration template (zero ID) or updates it, and
// returns it as stored (system administrator).
//
//tb:operation POST /api/oauth2/config/template
func (s *OAuth2Service) SaveTemplate(ctx context.Context, t *OAuth2ClientRegistrationTemplate) (*OAuth2ClientRegistrationTemplate, error) {
	if t == nil {
		return nil, errors.New("thingsboard: OAuth2.SaveTemplate: nil template")
	}
	if err := checkArgsOf("OAuth2.SaveTemplate", "providerId", t.ProviderID); err != nil {
		return nil, err
	}
	return call[OAuth2ClientRegistrationTemplate](ctx, s.client, http.MethodPost, "/api/oauth2/config/template", nil, t)
}

// DeleteTemplate deletes the client registration template (system administrator).
//
//tb:operation DELETE /api/oauth2/config/template/{clientRegistrationTemplateId}
func (s *OAuth2Service) DeleteTemplate(ctx context.Context, templateID string) error {
	if err := checkArgsOf("OAuth2.DeleteTemplate", "templateID", templateID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/oauth2/config/template/%s", templateID), nil, nil, nil)
}

// platformText returns a text answer: the string itself when the server wrote it as a
// JSON string, else the body as is.
func platformText(b []byte) string {
	t := strings.TrimSpace(string(b))
	if strings.HasPrefix(t, `"`) {
		var s string
		if json.Unmarshal([]byte(t), &s) == nil {
			return s
		}
	}
	return string(b)
}
