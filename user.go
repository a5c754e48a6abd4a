package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// UserService manages users: the current user, user lists, activation links. See Client.Users.
type UserService service

// User is a ThingsBoard user: a system administrator, a tenant administrator or a
// customer user. Saving a User with a zero ID creates it (inactive until activated).
type User struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is set by the server from the caller for tenant administrators.
	TenantID EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer of a customer user; NullUUID (or zero) for administrators.
	CustomerID EntityID  `json:"customerId,omitzero"`
	Email      string    `json:"email"`
	Authority  Authority `json:"authority"`
	FirstName  string    `json:"firstName,omitempty"`
	LastName   string    `json:"lastName,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	// AdditionalInfo is free-form JSON: description, defaultDashboardId,
	// defaultDashboardFullscreen, homeDashboardId, homeDashboardHideToolbar, and
	// server-maintained keys such as userCredentialsEnabled and lastLoginTs.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
	// Version is the optimistic-locking version (3.8+). Send it back unchanged to detect
	// concurrent changes (ErrVersionConflict); zero saves unconditionally.
	Version int64 `json:"version,omitzero"`
	// Name is the email, written by the server (read-only).
	Name string `json:"name,omitempty"`
	// CustomMenuID and OwnerID exist on Professional Edition servers only.
	CustomMenuID EntityID `json:"customMenuId,omitzero"`
	OwnerID      EntityID `json:"ownerId,omitzero"`
}

// UserInfo is a User with its owner's name and entity groups (Professional Edition).
type UserInfo struct {
	User
	OwnerName string       `json:"ownerName,omitempty"`
	Groups    []EntityInfo `json:"groups,omitempty"`
}

// UserEmailInfo is the short form of a user returned by user searches and by the list
// of users an alarm can be assigned to.
type UserEmailInfo struct {
	ID        EntityID `json:"id"`
	Email     string   `json:"email"`
	FirstName string   `json:"firstName"`
	LastName  string   `json:"lastName"`
}

// UserPasswordPolicy is the platform's password policy. Zero numbers mean no constraint.
type UserPasswordPolicy struct {
	MinimumLength            int `json:"minimumLength,omitzero"`
	MaximumLength            int `json:"maximumLength,omitzero"`
	MinimumUppercaseLetters  int `json:"minimumUppercaseLetters,omitzero"`
	MinimumLowercaseLetters  int `json:"minimumLowercaseLetters,omitzero"`
	MinimumDigits            int `json:"minimumDigits,omitzero"`
	MinimumSpecialCharacters int `json:"minimumSpecialCharacters,omitzero"`
	// AllowWhitespaces is nil when unset, which the server treats as allowed.
	AllowWhitespaces                   *bool `json:"allowWhitespaces,omitempty"`
	ForceUserToResetPasswordIfNotValid bool  `json:"forceUserToResetPasswordIfNotValid"`
	PasswordExpirationPeriodDays       int   `json:"passwordExpirationPeriodDays,omitzero"`
	PasswordReuseFrequencyDays         int   `json:"passwordReuseFrequencyDays,omitzero"`
}

// UserActivationLink is an activation link and how long it stays valid.
type UserActivationLink struct {
	Value string `json:"value"`
	// TTLMs is the link's remaining lifetime in milliseconds.
	TTLMs int64 `json:"ttlMs"`
}

// MobileSessionInfo is the state of a mobile application session (its push token).
type MobileSessionInfo struct {
	FCMTokenTimestamp int64 `json:"fcmTokenTimestamp"`
}

// UserDashboardsInfo lists the dashboards the current user visited last and starred.
type UserDashboardsInfo struct {
	Last    []LastVisitedDashboardInfo `json:"last"`
	Starred []StarredDashboardInfo     `json:"starred"`
}

// LastVisitedDashboardInfo is one recently visited dashboard. ID is the dashboard UUID.
type LastVisitedDashboardInfo struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Starred     bool   `json:"starred"`
	LastVisited int64  `json:"lastVisited"`
}

// StarredDashboardInfo is one starred dashboard. ID is the dashboard UUID.
type StarredDashboardInfo struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	StarredAt int64  `json:"starredAt"`
}

// UserDashboardAction is what a user did with a dashboard (ReportDashboardAction).
type UserDashboardAction string

// Dashboard actions.
const (
	UserDashboardActionVisit  UserDashboardAction = "visit"
	UserDashboardActionStar   UserDashboardAction = "star"
	UserDashboardActionUnstar UserDashboardAction = "unstar"
)

// UserSaveOptions are the optional query parameters of Save.
type UserSaveOptions struct {
	// SendActivationMail asks the server to e-mail an activation link to a new user.
	// It is always sent (the server's own default is true, which fails without a
	// configured mail server).
	SendActivationMail bool
	// EntityGroupID and EntityGroupIDs add a new user to user groups (Professional Edition).
	EntityGroupID  string
	EntityGroupIDs []string
}

// UserInfoListOptions are the optional filters of the Professional Edition user info lists.
type UserInfoListOptions struct {
	// IncludeCustomers also returns the users of sub-customers.
	IncludeCustomers bool
}

// errMissing reports a required argument the caller left empty.
func errMissing(method, name string) error {
	return fmt.Errorf("thingsboard: %s: empty %s", method, name)
}

// joinIDList validates a list of UUIDs and returns it comma-joined.
func joinIDList(method, name string, ids []string) (string, error) {
	if len(ids) == 0 {
		return "", errMissing(method, name)
	}
	for _, id := range ids {
		if id == "" {
			return "", fmt.Errorf("thingsboard: %s: empty id in %s", method, name)
		}
	}
	return strings.Join(ids, ","), nil
}

// addGroupParams adds the Professional Edition entity group parameters of a save call.
func addGroupParams(q url.Values, groupID string, groupIDs []string) {
	if groupID != "" {
		q.Set("entityGroupId", groupID)
	}
	if len(groupIDs) > 0 {
		q.Set("entityGroupIds", strings.Join(groupIDs, ","))
	}
}

// fetchPageOf fetches one page of a list endpoint.
func fetchPageOf[T any](ctx context.Context, c *Client, path string, q url.Values) (*Page[T], error) {
	p := new(Page[T])
	if err := c.do(ctx, http.MethodGet, path, q, nil, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Current returns the logged-in user (the owner of the token or API key).
//
//tb:operation GET /api/auth/user
func (s *UserService) Current(ctx context.Context) (*User, error) {
	return call[User](ctx, s.client, http.MethodGet, "/api/auth/user", nil, nil)
}

// Get returns the user with the given id. A missing user is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/user/{userId}
func (s *UserService) Get(ctx context.Context, userID string) (*User, error) {
	if userID == "" {
		return nil, errMissing("Users.Get", "userID")
	}
	return call[User](ctx, s.client, http.MethodGet, pathf("/api/user/%s", userID), nil, nil)
}

// GetInfo returns the user with its owner name and groups (Professional Edition).
//
//tb:operation GET /api/user/info/{userId}
func (s *UserService) GetInfo(ctx context.Context, userID string) (*UserInfo, error) {
	if userID == "" {
		return nil, errMissing("Users.GetInfo", "userID")
	}
	return call[UserInfo](ctx, s.client, http.MethodGet, pathf("/api/user/info/%s", userID), nil, nil)
}

// Save creates the user (zero ID) or updates it, and returns the saved user. Email and
// Authority are required; a customer user also needs CustomerID. A new user is inactive
// until activated (ActivationLink, Activate). A duplicate email is an *APIError matching
// ErrBadRequest.
//
//tb:operation POST /api/user
func (s *UserService) Save(ctx context.Context, user *User, opts *UserSaveOptions) (*User, error) {
	if user == nil {
		return nil, errors.New("thingsboard: Users.Save: nil user")
	}
	if opts == nil {
		opts = &UserSaveOptions{}
	}
	q := url.Values{"sendActivationMail": {strconv.FormatBool(opts.SendActivationMail)}}
	addGroupParams(q, opts.EntityGroupID, opts.EntityGroupIDs)
	return call[User](ctx, s.client, http.MethodPost, "/api/user", q, user)
}

// Delete deletes the user.
//
//tb:operation DELETE /api/user/{userId}
func (s *UserService) Delete(ctx context.Context, userID string) error {
	if userID == "" {
		return errMissing("Users.Delete", "userID")
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/user/%s", userID), nil, nil, nil)
}

// List returns one page of the users the caller manages: for a tenant administrator
// every user of the tenant, for a customer user the users of its customer.
// Sort properties: createdTime, firstName, lastName, email.
//
//tb:operation GET /api/users
func (s *UserService) List(ctx context.Context, pl PageLink) (*Page[User], error) {
	return fetchPageOf[User](ctx, s.client, "/api/users", pl.Values())
}

// ListAll iterates over every user List returns, starting at pl.
//
//tb:operation GET /api/users
func (s *UserService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[User, error] {
	return All(ctx, pl, s.List)
}

// ListByIDs returns the users with the given ids that the caller may read; unknown ids
// are left out.
//
//tb:operation GET /api/users/list
func (s *UserService) ListByIDs(ctx context.Context, userIDs []string) ([]User, error) {
	ids, err := joinIDList("Users.ListByIDs", "userIDs", userIDs)
	if err != nil {
		return nil, err
	}
	var out []User
	if err := s.client.do(ctx, http.MethodGet, "/api/users/list", url.Values{"userIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListTenantAdmins returns one page of the administrators of a tenant (system administrator).
//
//tb:operation GET /api/tenant/{tenantId}/users
func (s *UserService) ListTenantAdmins(ctx context.Context, tenantID string, pl PageLink) (*Page[User], error) {
	if tenantID == "" {
		return nil, errMissing("Users.ListTenantAdmins", "tenantID")
	}
	return fetchPageOf[User](ctx, s.client, pathf("/api/tenant/%s/users", tenantID), pl.Values())
}

// ListTenantAdminsAll iterates over every administrator of a tenant, starting at pl.
//
//tb:operation GET /api/tenant/{tenantId}/users
func (s *UserService) ListTenantAdminsAll(ctx context.Context, tenantID string, pl PageLink) iter.Seq2[User, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[User], error) {
		return s.ListTenantAdmins(ctx, tenantID, pl)
	})
}

// ListByCustomer returns one page of the users of a customer.
//
//tb:operation GET /api/customer/{customerId}/users
func (s *UserService) ListByCustomer(ctx context.Context, customerID string, pl PageLink) (*Page[User], error) {
	if customerID == "" {
		return nil, errMissing("Users.ListByCustomer", "customerID")
	}
	return fetchPageOf[User](ctx, s.client, pathf("/api/customer/%s/users", customerID), pl.Values())
}

// ListByCustomerAll iterates over every user of a customer, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/users
func (s *UserService) ListByCustomerAll(ctx context.Context, customerID string, pl PageLink) iter.Seq2[User, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[User], error) {
		return s.ListByCustomer(ctx, customerID, pl)
	})
}

// ListAllCustomerUsers returns one page of the users of every customer of the tenant, or
// of every sub-customer for a customer user (Professional Edition).
//
//tb:operation GET /api/customer/users
func (s *UserService) ListAllCustomerUsers(ctx context.Context, pl PageLink) (*Page[User], error) {
	return fetchPageOf[User](ctx, s.client, "/api/customer/users", pl.Values())
}

// ListUserUsers returns one page of the users the current user owns or can read through
// group permissions (Professional Edition).
//
//tb:operation GET /api/user/users
func (s *UserService) ListUserUsers(ctx context.Context, pl PageLink) (*Page[User], error) {
	return fetchPageOf[User](ctx, s.client, "/api/user/users", pl.Values())
}

// ListByEntityGroup returns one page of the users in a user group (Professional Edition).
//
//tb:operation GET /api/entityGroup/{entityGroupId}/users
func (s *UserService) ListByEntityGroup(ctx context.Context, entityGroupID string, pl PageLink) (*Page[User], error) {
	if entityGroupID == "" {
		return nil, errMissing("Users.ListByEntityGroup", "entityGroupID")
	}
	return fetchPageOf[User](ctx, s.client, pathf("/api/entityGroup/%s/users", entityGroupID), pl.Values())
}

// ListAllInfos returns one page of user infos owned by the caller's tenant or customer
// (Professional Edition). opts may be nil.
//
//tb:operation GET /api/userInfos/all
func (s *UserService) ListAllInfos(ctx context.Context, pl PageLink, opts *UserInfoListOptions) (*Page[UserInfo], error) {
	q := pl.Values()
	if opts != nil && opts.IncludeCustomers {
		q.Set("includeCustomers", "true")
	}
	return fetchPageOf[UserInfo](ctx, s.client, "/api/userInfos/all", q)
}

// ListInfosByCustomer returns one page of user infos of a customer (Professional
// Edition). opts may be nil.
//
//tb:operation GET /api/customer/{customerId}/userInfos
func (s *UserService) ListInfosByCustomer(ctx context.Context, customerID string, pl PageLink, opts *UserInfoListOptions) (*Page[UserInfo], error) {
	if customerID == "" {
		return nil, errMissing("Users.ListInfosByCustomer", "customerID")
	}
	q := pl.Values()
	if opts != nil && opts.IncludeCustomers {
		q.Set("includeCustomers", "true")
	}
	return fetchPageOf[UserInfo](ctx, s.client, pathf("/api/customer/%s/userInfos", customerID), q)
}

// ListEmailInfos returns one page of the short infos of the users visible to the caller,
// searched by email and name with pl.TextSearch (for example to mention users).
//
//tb:operation GET /api/users/info
func (s *UserService) ListEmailInfos(ctx context.Context, pl PageLink) (*Page[UserEmailInfo], error) {
	return fetchPageOf[UserEmailInfo](ctx, s.client, "/api/users/info", pl.Values())
}

// ListAssignable returns one page of the users an alarm can be assigned to.
//
//tb:operation GET /api/users/assign/{alarmId}
func (s *UserService) ListAssignable(ctx context.Context, alarmID string, pl PageLink) (*Page[UserEmailInfo], error) {
	if alarmID == "" {
		return nil, errMissing("Users.ListAssignable", "alarmID")
	}
	return fetchPageOf[UserEmailInfo](ctx, s.client, pathf("/api/users/assign/%s", alarmID), pl.Values())
}

// ActivationLink returns the activation link of an inactive user, such as
// "http://host/api/noauth/activate?activateToken=...". An active user has none: the
// server answers with an error.
//
//tb:operation GET /api/user/{userId}/activationLink
func (s *UserService) ActivationLink(ctx context.Context, userID string) (string, error) {
	if userID == "" {
		return "", errMissing("Users.ActivationLink", "userID")
	}
	var link string
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/user/%s/activationLink", userID), nil, nil, &link); err != nil {
		return "", err
	}
	return strings.TrimSpace(link), nil
}

// ActivationLinkInfo returns the activation link of an inactive user with its remaining lifetime.
//
//tb:operation GET /api/user/{userId}/activationLinkInfo
func (s *UserService) ActivationLinkInfo(ctx context.Context, userID string) (*UserActivationLink, error) {
	if userID == "" {
		return nil, errMissing("Users.ActivationLinkInfo", "userID")
	}
	return call[UserActivationLink](ctx, s.client, http.MethodGet, pathf("/api/user/%s/activationLinkInfo", userID), nil, nil)
}

// ActivationToken returns the activation token of an inactive user, taken from its
// activation link, ready for Activate.
//
//tb:operation GET /api/user/{userId}/activationLink
func (s *UserService) ActivationToken(ctx context.Context, userID string) (string, error) {
	link, err := s.ActivationLink(ctx, userID)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("thingsboard: Users.ActivationToken: malformed activation link: %w", err)
	}
	tok := u.Query().Get("activateToken")
	if tok == "" {
		return "", errors.New("thingsboard: Users.ActivationToken: the activation link has no activateToken")
	}
	return tok, nil
}

// SendActivationEmail sends (again) the activation e-mail to the user with this email.
//
//tb:operation POST /api/user/sendActivationMail
func (s *UserService) SendActivationEmail(ctx context.Context, email string) error {
	if email == "" {
		return errMissing("Users.SendActivationEmail", "email")
	}
	return s.client.do(ctx, http.MethodPost, "/api/user/sendActivationMail", url.Values{"email": {email}}, nil, nil)
}

// CheckActivateToken asks the server whether an activation token is valid, without
// credentials. The server answers with a redirect, whose location is returned: to the
// password creation page ("/login/createPassword?activateToken=...") for a valid token,
// to "/activationLinkExpired" for an expired one. An unknown token is an *APIError with
// status 409.
//
//tb:operation GET /api/noauth/activate
func (s *UserService) CheckActivateToken(ctx context.Context, activateToken string) (string, error) {
	if activateToken == "" {
		return "", errMissing("Users.CheckActivateToken", "activateToken")
	}
	return s.client.redirectLocation(ctx, "/api/noauth/activate", url.Values{"activateToken": {activateToken}})
}

// Activate sets the password of an inactive user with its activation token and returns
// the token pair the server issues for that user. The client's own credentials are
// neither used nor changed; use WithToken to make a client for the activated user.
// sendActivationMail asks the server to e-mail the user that the account is active.
//
//tb:operation POST /api/noauth/activate
func (s *UserService) Activate(ctx context.Context, activateToken, password string, sendActivationMail bool) (*Tokens, error) {
	if activateToken == "" {
		return nil, errMissing("Users.Activate", "activateToken")
	}
	var pair Tokens
	err := s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/activate", noAuth: true,
		query: url.Values{"sendActivationMail": {strconv.FormatBool(sendActivationMail)}},
		body:  map[string]string{"activateToken": activateToken, "password": password}, out: &pair})
	if err != nil {
		return nil, err
	}
	return &pair, nil
}

// SetCredentialsEnabled enables or disables the user's credentials. A disabled user
// cannot log in, and the tokens already issued to it stop working.
//
//tb:operation POST /api/user/{userId}/userCredentialsEnabled
func (s *UserService) SetCredentialsEnabled(ctx context.Context, userID string, enabled bool) error {
	if userID == "" {
		return errMissing("Users.SetCredentialsEnabled", "userID")
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/user/%s/userCredentialsEnabled", userID),
		url.Values{"userCredentialsEnabled": {strconv.FormatBool(enabled)}}, nil, nil)
}

// TokenAccessEnabled reports whether administrators may obtain tokens of other users
// (Token): the server's security.user_token_access_enabled setting.
//
//tb:operation GET /api/user/tokenAccessEnabled
func (s *UserService) TokenAccessEnabled(ctx context.Context) (bool, error) {
	var ok bool
	if err := s.client.do(ctx, http.MethodGet, "/api/user/tokenAccessEnabled", nil, nil, &ok); err != nil {
		return false, err
	}
	return ok, nil
}

// Token returns a token pair of another user, to act as that user: a system administrator
// may impersonate tenant administrators, a tenant administrator its customer users. The
// client's own credentials are not changed.
//
//tb:operation GET /api/user/{userId}/token
func (s *UserService) Token(ctx context.Context, userID string) (*Tokens, error) {
	if userID == "" {
		return nil, errMissing("Users.Token", "userID")
	}
	return call[Tokens](ctx, s.client, http.MethodGet, pathf("/api/user/%s/token", userID), nil, nil)
}

// PasswordPolicy returns the platform's password policy. It needs no credentials.
//
//tb:operation GET /api/noauth/userPasswordPolicy
func (s *UserService) PasswordPolicy(ctx context.Context) (*UserPasswordPolicy, error) {
	p := new(UserPasswordPolicy)
	if err := s.client.send(ctx, &request{method: http.MethodGet, path: "/api/noauth/userPasswordPolicy", noAuth: true, out: p}); err != nil {
		return nil, err
	}
	return p, nil
}

// ChangePassword changes the current user's password. The server invalidates the
// user's other tokens and returns a new pair, which the client keeps (3.7+ servers;
// older ones return nothing and the client keeps its tokens).
//
//tb:operation POST /api/auth/changePassword
func (s *UserService) ChangePassword(ctx context.Context, currentPassword, newPassword string) error {
	var pair Tokens
	err := s.client.do(ctx, http.MethodPost, "/api/auth/changePassword", nil,
		map[string]string{"currentPassword": currentPassword, "newPassword": newPassword}, &pair)
	if err != nil {
		return err
	}
	s.client.auth.mu.Lock()
	apiKey := s.client.auth.apiKey != ""
	s.client.auth.mu.Unlock()
	if pair.Token != "" && !apiKey {
		_, err = s.client.acceptTokens(ctx, pair)
	}
	return err
}

// RequestPasswordReset asks the server to e-mail a password reset link to the user with
// this email. It needs no credentials, and succeeds whether or not the email is known.
//
//tb:operation POST /api/noauth/resetPasswordByEmail
func (s *UserService) RequestPasswordReset(ctx context.Context, email string) error {
	return s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/resetPasswordByEmail", noAuth: true,
		body: map[string]string{"email": email}})
}

// CheckResetToken asks the server whether a password reset token is valid, without
// credentials, and returns the location it redirects to ("/login/resetPassword?resetToken=..."
// or "/passwordResetLinkExpired"). An unknown token is an *APIError with status 409.
//
//tb:operation GET /api/noauth/resetPassword
func (s *UserService) CheckResetToken(ctx context.Context, resetToken string) (string, error) {
	if resetToken == "" {
		return "", errMissing("Users.CheckResetToken", "resetToken")
	}
	return s.client.redirectLocation(ctx, "/api/noauth/resetPassword", url.Values{"resetToken": {resetToken}})
}

// ResetPassword sets a new password with a reset token from the reset e-mail. It needs
// no credentials and does not change the client's.
//
//tb:operation POST /api/noauth/resetPassword
func (s *UserService) ResetPassword(ctx context.Context, resetToken, password string) error {
	if resetToken == "" {
		return errMissing("Users.ResetPassword", "resetToken")
	}
	return s.client.send(ctx, &request{method: http.MethodPost, path: "/api/noauth/resetPassword", noAuth: true,
		body: map[string]string{"resetToken": resetToken, "password": password}})
}

// MobileSession returns the mobile session identified by mobileToken (sent as the
// X-Mobile-Token header), or nil when the server has none.
//
//tb:operation GET /api/user/mobile/session
func (s *UserService) MobileSession(ctx context.Context, mobileToken string) (*MobileSessionInfo, error) {
	if mobileToken == "" {
		return nil, errMissing("Users.MobileSession", "mobileToken")
	}
	var out *MobileSessionInfo
	err := s.client.send(ctx, &request{method: http.MethodGet, path: "/api/user/mobile/session",
		header: http.Header{"X-Mobile-Token": {mobileToken}}, out: &out})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveMobileSession saves the mobile session identified by mobileToken.
//
//tb:operation POST /api/user/mobile/session
func (s *UserService) SaveMobileSession(ctx context.Context, mobileToken string, info MobileSessionInfo) error {
	if mobileToken == "" {
		return errMissing("Users.SaveMobileSession", "mobileToken")
	}
	return s.client.send(ctx, &request{method: http.MethodPost, path: "/api/user/mobile/session",
		header: http.Header{"X-Mobile-Token": {mobileToken}}, body: info})
}

// RemoveMobileSession removes the mobile session identified by mobileToken.
//
//tb:operation DELETE /api/user/mobile/session
func (s *UserService) RemoveMobileSession(ctx context.Context, mobileToken string) error {
	if mobileToken == "" {
		return errMissing("Users.RemoveMobileSession", "mobileToken")
	}
	return s.client.send(ctx, &request{method: http.MethodDelete, path: "/api/user/mobile/session",
		header: http.Header{"X-Mobile-Token": {mobileToken}}})
}

// Settings returns the current user's general settings (a JSON object, empty when none).
//
//tb:operation GET /api/user/settings/general
func (s *UserService) Settings(ctx context.Context) (json.RawMessage, error) {
	var out json.RawMessage
	if err := s.client.do(ctx, http.MethodGet, "/api/user/settings/general", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SaveSettings replaces the current user's general settings and returns them.
//
//tb:operation POST /api/user/settings
func (s *UserService) SaveSettings(ctx context.Context, settings any) (json.RawMessage, error) {
	var out json.RawMessage
	if err := s.client.do(ctx, http.MethodPost, "/api/user/settings", nil, settings, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateSettings merges settings into the current user's general settings.
//
//tb:operation PUT /api/user/settings/general
func (s *UserService) UpdateSettings(ctx context.Context, settings any) error {
	return s.client.do(ctx, http.MethodPut, "/api/user/settings/general", nil, settings, nil)
}

// DeleteSettings removes keys (JSON paths such as "a.b") from the current user's general settings.
//
//tb:operation DELETE /api/user/settings/{paths}
func (s *UserService) DeleteSettings(ctx context.Context, paths ...string) error {
	p, err := settingsPaths("Users.DeleteSettings", paths)
	if err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, "/api/user/settings/"+p, nil, nil, nil)
}

// SettingsByType returns the current user's settings of one type (QUICK_LINKS,
// DOC_LINKS, DASHBOARDS, GETTING_STARTED, NOTIFICATIONS, ...).
//
//tb:operation GET /api/user/settings/{type}
func (s *UserService) SettingsByType(ctx context.Context, settingsType string) (json.RawMessage, error) {
	if settingsType == "" {
		return nil, errMissing("Users.SettingsByType", "settingsType")
	}
	var out json.RawMessage
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/user/settings/%s", settingsType), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateSettingsByType merges settings into the current user's settings of one type.
//
//tb:operation PUT /api/user/settings/{type}
func (s *UserService) UpdateSettingsByType(ctx context.Context, settingsType string, settings any) error {
	if settingsType == "" {
		return errMissing("Users.UpdateSettingsByType", "settingsType")
	}
	return s.client.do(ctx, http.MethodPut, pathf("/api/user/settings/%s", settingsType), nil, settings, nil)
}

// DeleteSettingsByType removes keys from the current user's settings of one type.
//
//tb:operation DELETE /api/user/settings/{type}/{paths}
func (s *UserService) DeleteSettingsByType(ctx context.Context, settingsType string, paths ...string) error {
	if settingsType == "" {
		return errMissing("Users.DeleteSettingsByType", "settingsType")
	}
	p, err := settingsPaths("Users.DeleteSettingsByType", paths)
	if err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/user/settings/%s/", settingsType)+p, nil, nil, nil)
}

// settingsPaths escapes each settings path and joins them with literal commas, the
// separator the server splits the {paths} segment on.
func settingsPaths(method string, paths []string) (string, error) {
	if _, err := joinIDList(method, "paths", paths); err != nil {
		return "", err
	}
	esc := make([]string, len(paths))
	for i, p := range paths {
		esc[i] = url.PathEscape(p)
	}
	return strings.Join(esc, ","), nil
}

// LastVisitedDashboards returns the dashboards the current user visited last and starred.
//
//tb:operation GET /api/user/lastVisitedDashboards
func (s *UserService) LastVisitedDashboards(ctx context.Context) (*UserDashboardsInfo, error) {
	return call[UserDashboardsInfo](ctx, s.client, http.MethodGet, "/api/user/lastVisitedDashboards", nil, nil)
}

// ReportDashboardAction records that the current user visited, starred or unstarred a
// dashboard, and returns the updated lists.
//
//tb:operation GET /api/user/dashboards/{dashboardId}/{action}
func (s *UserService) ReportDashboardAction(ctx context.Context, dashboardID string, action UserDashboardAction) (*UserDashboardsInfo, error) {
	if dashboardID == "" {
		return nil, errMissing("Users.ReportDashboardAction", "dashboardID")
	}
	if action == "" {
		return nil, errMissing("Users.ReportDashboardAction", "action")
	}
	return call[UserDashboardsInfo](ctx, s.client, http.MethodGet, pathf("/api/user/dashboards/%s/%s", dashboardID, string(action)), nil, nil)
}

// redirectLocation performs an unauthenticated GET that the server answers with a
// redirect, without following it, and returns the redirect's location.
func (c *Client) redirectLocation(ctx context.Context, path string, query url.Values) (string, error) {
	if ctx == nil {
		return "", errors.New("thingsboard: nil context")
	}
	u := *c.baseURL
	u.Path = strings.TrimRight(c.baseURL.Path, "/") + path
	u.RawPath = ""
	u.RawQuery = query.Encode()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("thingsboard: GET %s: %w", path, err)
	}
	hreq.Header.Set("Accept", "application/json, text/plain, */*")
	hreq.Header.Set("User-Agent", c.userAgent)
	hc := *c.httpClient
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(hreq)
	if err != nil {
		return "", fmt.Errorf("thingsboard: GET %s: %w", path, scrub(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("thingsboard: GET %s: reading response: %w", path, err)
	}
	if resp.StatusCode >= 400 {
		return "", parseAPIError(http.MethodGet, path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" {
		return loc, nil
	}
	return "", fmt.Errorf("thingsboard: GET %s: expected a redirect, got status %d", path, resp.StatusCode)
}
