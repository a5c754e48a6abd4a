package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Version is this library's version, sent in the default User-Agent.
const Version = "0.1.0"

const defaultUserAgent = "tbgo-thingsboard/" + Version

// Client talks to one ThingsBoard server over REST and WebSocket. It is safe for
// concurrent use. Create it with NewClient; its services are fields:
//
//	c.Devices.Get(ctx, id)
type Client struct {
	baseURL    *url.URL
	httpClient *http.Client
	userAgent  string
	logger     *slog.Logger
	retry      RetryPolicy
	auth       *authState

	common service

	// Auth and users
	Users     *UserService
	TwoFactor *TwoFactorService
	APIKeys   *APIKeyService
	System    *SystemService

	// Core entities
	Devices        *DeviceService
	DeviceProfiles *DeviceProfileService
	Assets         *AssetService
	AssetProfiles  *AssetProfileService
	Customers      *CustomerService
	Dashboards     *DashboardService
	EntityViews    *EntityViewService
	Tenants        *TenantService

	// Data
	Attributes  *AttributeService
	Timeseries  *TimeseriesService
	EntityQuery *EntityQueryService
	Relations   *RelationService
	Alarms      *AlarmService

	// Real time
	Telemetry *TelemetryService

	// Professional Edition access model
	EntityGroups     *EntityGroupService
	Roles            *RoleService
	GroupPermissions *GroupPermissionService
	UserPermissions  *UserPermissionService
	Owners           *OwnerService

	// Platform, rule engine and Professional Edition features
	Admin                *AdminService
	TenantProfiles       *TenantProfileService
	TwoFactorSettings    *TwoFactorSettingsService
	OAuth2               *OAuth2Service
	Signup               *SignupService
	SelfRegistration     *SelfRegistrationService
	Mobile               *MobileService
	AuditLogs            *AuditLogService
	Events               *EventService
	ComponentDescriptors *ComponentDescriptorService
	Queues               *QueueService
	RuleChains           *RuleChainService
	RuleEngine           *RuleEngineService
	Widgets              *WidgetService
	Resources            *ResourceService
	Images               *ImageService
	OTAPackages          *OTAPackageService
	Notifications        *NotificationService
	VersionControl       *VersionControlService
	Edges                *EdgeService
	WhiteLabeling        *WhiteLabelingService
	SchedulerEvents      *SchedulerEventService
	Converters           *ConverterService
	Integrations         *IntegrationService
	BlobEntities         *BlobEntityService
	CustomTranslations   *CustomTranslationService
	CustomMenus          *CustomMenuService
	Reports              *ReportService
}

// service is embedded (by conversion) in every service type.
type service struct{ client *Client }

// Option configures a Client.
type Option func(*Client) error

// WithHTTPClient uses hc for every request. The client is copied, not modified: its
// redirect policy is wrapped so that credentials never follow a redirect to another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("thingsboard: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithAPIKey authenticates every request with a ThingsBoard API key (4.3+), sent as
// "X-Authorization: ApiKey <key>". No login is needed.
func WithAPIKey(key string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("thingsboard: WithAPIKey: empty key")
		}
		c.auth.apiKey = key
		return nil
	}
}

// WithToken starts the client with an existing token pair, for example one saved
// from an earlier run. The refresh token may be empty.
func WithToken(token, refreshToken string) Option {
	return func(c *Client) error {
		c.auth.setTokens(Tokens{Token: token, RefreshToken: refreshToken})
		c.auth.loaded = true
		return nil
	}
}

// WithTokenStore persists tokens in store: they are loaded before the first request
// and saved after every login and refresh.
func WithTokenStore(store TokenStore) Option {
	return func(c *Client) error {
		if store == nil {
			return errors.New("thingsboard: WithTokenStore: nil store")
		}
		c.auth.store = store
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithLogger logs each request (method, path, status, duration) at debug level and
// retries and refreshes at info level. Tokens and API keys are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("thingsboard: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithRetry sets the retry policy. See RetryPolicy.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MaxRetries < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 {
			return errors.New("thingsboard: WithRetry: negative value")
		}
		c.retry = p
		return nil
	}
}

// WithRefreshMargin sets how long before its expiry a token is refreshed (default 60s),
// covering clock skew between the client and the server.
func WithRefreshMargin(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return errors.New("thingsboard: WithRefreshMargin: negative duration")
		}
		c.auth.margin = d
		return nil
	}
}

// RetryPolicy says which failed requests are sent again. A 429 answer (rate limit) is
// retried for every method, because the server rejects it before doing any work; 502,
// 503 and 504 are retried for GET, HEAD, PUT and DELETE only. Waits grow exponentially
// from BaseDelay to MaxDelay with full jitter, and a Retry-After header, when a proxy
// sends one, is respected (capped at MaxDelay).
type RetryPolicy struct {
	MaxRetries int
	BaseDelay  time.Duration
	MaxDelay   time.Duration
}

// DefaultRetryPolicy is the policy of a new client: 3 retries, from 500ms to 30s.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 3, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}

// NewClient returns a client for the server at baseURL, such as "http://localhost:8080".
// It does no network I/O.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(baseURL), "/"))
	if err != nil {
		return nil, fmt.Errorf("thingsboard: invalid base URL %q: %w", baseURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("thingsboard: invalid base URL %q: scheme must be http or https", baseURL)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("thingsboard: invalid base URL %q: no host", baseURL)
	}
	c := &Client{
		baseURL:    u,
		httpClient: http.DefaultClient,
		userAgent:  defaultUserAgent,
		logger:     slog.New(discardHandler{}),
		retry:      DefaultRetryPolicy,
		auth:       newAuthState(),
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	hc := *c.httpClient
	hc.CheckRedirect = safeRedirect(c.httpClient.CheckRedirect)
	c.httpClient = &hc
	c.common.client = c
	c.Users = (*UserService)(&c.common)
	c.TwoFactor = (*TwoFactorService)(&c.common)
	c.APIKeys = (*APIKeyService)(&c.common)
	c.System = (*SystemService)(&c.common)
	c.Devices = (*DeviceService)(&c.common)
	c.DeviceProfiles = (*DeviceProfileService)(&c.common)
	c.Assets = (*AssetService)(&c.common)
	c.AssetProfiles = (*AssetProfileService)(&c.common)
	c.Customers = (*CustomerService)(&c.common)
	c.Dashboards = (*DashboardService)(&c.common)
	c.EntityViews = (*EntityViewService)(&c.common)
	c.Tenants = (*TenantService)(&c.common)
	c.Attributes = (*AttributeService)(&c.common)
	c.Timeseries = (*TimeseriesService)(&c.common)
	c.EntityQuery = (*EntityQueryService)(&c.common)
	c.Relations = (*RelationService)(&c.common)
	c.Alarms = (*AlarmService)(&c.common)
	c.Telemetry = newTelemetryService(c)
	c.EntityGroups = (*EntityGroupService)(&c.common)
	c.Roles = (*RoleService)(&c.common)
	c.GroupPermissions = (*GroupPermissionService)(&c.common)
	c.UserPermissions = (*UserPermissionService)(&c.common)
	c.Owners = (*OwnerService)(&c.common)
	c.Admin = (*AdminService)(&c.common)
	c.TenantProfiles = (*TenantProfileService)(&c.common)
	c.TwoFactorSettings = (*TwoFactorSettingsService)(&c.common)
	c.OAuth2 = (*OAuth2Service)(&c.common)
	c.Signup = (*SignupService)(&c.common)
	c.SelfRegistration = (*SelfRegistrationService)(&c.common)
	c.Mobile = (*MobileService)(&c.common)
	c.AuditLogs = (*AuditLogService)(&c.common)
	c.Events = (*EventService)(&c.common)
	c.ComponentDescriptors = (*ComponentDescriptorService)(&c.common)
	c.Queues = (*QueueService)(&c.common)
	c.RuleChains = (*RuleChainService)(&c.common)
	c.RuleEngine = (*RuleEngineService)(&c.common)
	c.Widgets = (*WidgetService)(&c.common)
	c.Resources = (*ResourceService)(&c.common)
	c.Images = (*ImageService)(&c.common)
	c.OTAPackages = (*OTAPackageService)(&c.common)
	c.Notifications = (*NotificationService)(&c.common)
	c.VersionControl = (*VersionControlService)(&c.common)
	c.Edges = (*EdgeService)(&c.common)
	c.WhiteLabeling = (*WhiteLabelingService)(&c.common)
	c.SchedulerEvents = (*SchedulerEventService)(&c.common)
	c.Converters = (*ConverterService)(&c.common)
	c.Integrations = (*IntegrationService)(&c.common)
	c.BlobEntities = (*BlobEntityService)(&c.common)
	c.CustomTranslations = (*CustomTranslationService)(&c.common)
	c.CustomMenus = (*CustomMenuService)(&c.common)
	c.Reports = (*ReportService)(&c.common)
	return c, nil
}

// BaseURL returns the server's base URL.
func (c *Client) BaseURL() *url.URL { u := *c.baseURL; return &u }

// safeRedirect refuses redirects that would leak credentials or change the method.
func safeRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if req.Method != first.Method {
			return fmt.Errorf("thingsboard: server redirected %s %s to %s %s; refusing to change the method of the request",
				first.Method, first.URL.Path, req.Method, req.URL.Redacted())
		}
		if !strings.EqualFold(req.URL.Host, first.URL.Host) || req.URL.Scheme != first.URL.Scheme {
			req.Header.Del("X-Authorization")
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("thingsboard: stopped after 10 redirects")
		}
		return nil
	}
}

// request describes one API call.
type request struct {
	method string
	path   string // escaped path, starting with /
	query  url.Values
	body   any // encoded as JSON unless it is rawBody
	out    any // *string and *[]byte receive the raw body; nil discards it
	noAuth bool
	// token overrides the client's token (2FA verification calls).
	token string
	// header holds extra request headers (for example X-Mobile-Token).
	header http.Header
}

// rawBody is a request body sent as is.
type rawBody struct {
	contentType string
	data        []byte
}

// do performs a JSON API call with the client's credentials.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return c.send(ctx, &request{method: method, path: path, query: query, body: body, out: out})
}

// send performs req: authentication, proactive refresh, one refresh and replay on an
// expired token, retries by the retry policy, and decoding.
func (c *Client) send(ctx context.Context, req *request) error {
	if ctx == nil {
		return errors.New("thingsboard: nil context")
	}
	var payload []byte
	contentType := ""
	switch b := req.body.(type) {
	case nil:
	case rawBody:
		payload, contentType = b.data, b.contentType
	default:
		var err error
		if payload, err = json.Marshal(b); err != nil {
			return fmt.Errorf("thingsboard: %s %s: encoding request body: %w", req.method, req.path, err)
		}
		contentType = "application/json"
	}
	refreshed := false
	for attempt := 0; ; attempt++ {
		var cred string
		if !req.noAuth {
			var err error
			if req.token != "" {
				cred = "Bearer " + req.token
			} else if cred, err = c.auth.credential(ctx, c); err != nil {
				return err
			}
		}
		resp, body, err := c.roundTrip(ctx, req, payload, contentType, cred)
		if err != nil {
			return err
		}
		if resp.StatusCode < 400 {
			return decodeInto(req, resp, body)
		}
		apiErr := parseAPIError(req.method, req.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		if apiErr.StatusCode == 401 && apiErr.Code == CodeJWTTokenExpired && !refreshed && !req.noAuth && req.token == "" && c.auth.refreshable() {
			refreshed = true
			if _, rerr := c.auth.refresh(ctx, c, strings.TrimPrefix(cred, "Bearer ")); rerr != nil {
				return errors.Join(apiErr, rerr)
			}
			c.logger.LogAttrs(ctx, slog.LevelInfo, "thingsboard: token refreshed after an expired-token answer", slog.String("path", req.path))
			attempt--
			continue
		}
		if delay, ok := c.retryDelay(req.method, resp, attempt); ok {
			c.logger.LogAttrs(ctx, slog.LevelInfo, "thingsboard: retrying", slog.String("method", req.method),
				slog.String("path", req.path), slog.Int("status", resp.StatusCode), slog.Duration("after", delay))
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return errors.Join(apiErr, ctx.Err())
			case <-t.C:
			}
			continue
		}
		return apiErr
	}
}

func (c *Client) roundTrip(ctx context.Context, req *request, payload []byte, contentType, cred string) (*http.Response, []byte, error) {
	u := *c.baseURL
	// req.path is already escaped: Path gets its decoded form so that the URL is sent
	// exactly as RawPath (a segment such as "Is%20Near" must not be escaped twice).
	u.RawPath = strings.TrimRight(c.baseURL.EscapedPath(), "/") + req.path
	if p, err := url.PathUnescape(u.RawPath); err == nil {
		u.Path = p
	} else {
		u.Path = strings.TrimRight(c.baseURL.Path, "/") + req.path
	}
	if len(req.query) > 0 {
		u.RawQuery = req.query.Encode()
	}
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	// The URL is built already: hand it over instead of printing and parsing it again.
	hreq, err := http.NewRequestWithContext(ctx, req.method, "", rd)
	if err != nil {
		return nil, nil, fmt.Errorf("thingsboard: %s %s: %w", req.method, req.path, err)
	}
	hreq.URL, hreq.Host = &u, u.Host
	hreq.Header.Set("Accept", "application/json, text/plain, */*")
	hreq.Header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		hreq.Header.Set("Content-Type", contentType)
	}
	for k, vs := range req.header {
		hreq.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if cred != "" {
		hreq.Header.Set("X-Authorization", cred)
	}
	start := time.Now()
	resp, err := c.httpClient.Do(hreq)
	if err != nil {
		return nil, nil, fmt.Errorf("thingsboard: %s %s: %w", req.method, req.path, scrub(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("thingsboard: %s %s: reading response: %w", req.method, req.path, err)
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "thingsboard: request", slog.String("method", req.method),
		slog.String("path", req.path), slog.Int("status", resp.StatusCode), slog.Duration("took", time.Since(start)))
	return resp, body, nil
}

// scrub removes query strings (which may hold tokens) from URL errors.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
	}
	return err
}

func decodeInto(req *request, resp *http.Response, body []byte) error {
	switch out := req.out.(type) {
	case nil:
		return nil
	case *string:
		*out = string(body)
		return nil
	case *[]byte:
		*out = body
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, req.out); err != nil {
		return fmt.Errorf("thingsboard: %s %s: decoding %d response: %w", req.method, req.path, resp.StatusCode, err)
	}
	return nil
}

func (c *Client) retryDelay(method string, resp *http.Response, attempt int) (time.Duration, bool) {
	if attempt >= c.retry.MaxRetries {
		return 0, false
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		default:
			return 0, false
		}
	default:
		return 0, false
	}
	maxDelay := c.retry.MaxDelay
	if maxDelay == 0 {
		maxDelay = 30 * time.Second
	}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if secs, err := strconv.Atoi(ra); err == nil && secs >= 0 {
			return min(time.Duration(secs)*time.Second, maxDelay), true
		}
		if t, err := http.ParseTime(ra); err == nil {
			return min(max(time.Until(t), 0), maxDelay), true
		}
	}
	d := c.retry.BaseDelay << attempt
	if d <= 0 || d > maxDelay {
		d = maxDelay
	}
	return rand.N(d + 1), true
}

type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }

// pathf builds an API path, escaping each argument as one path segment.
func pathf(format string, args ...string) string {
	esc := make([]any, len(args))
	for i, a := range args {
		esc[i] = url.PathEscape(a)
	}
	return fmt.Sprintf(format, esc...)
}

// call performs a JSON API call and returns its decoded answer.
func call[T any](ctx context.Context, c *Client, method, path string, query url.Values, body any) (*T, error) {
	out := new(T)
	if err := c.do(ctx, method, path, query, body, out); err != nil {
		return nil, err
	}
	return out, nil
}
