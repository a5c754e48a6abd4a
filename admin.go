package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// AdminService reads and writes system and tenant settings: mail, SMS, security, repository and auto-commit settings, update checks. See Client.Admin.
type AdminService service

// Keys of the administration settings a system administrator usually reads and
// writes with AdminService.GetSettings and SaveSettings.
const (
	AdminSettingsGeneral      = "general"
	AdminSettingsMail         = "mail"
	AdminSettingsSMS          = "sms"
	AdminSettingsConnectivity = "connectivity"
)

// AdminSettings is one administration settings object: a key and its free-form JSON
// value, such as the mail server configuration under "mail".
type AdminSettings struct {
	// ID is the settings' id; zero for settings that were never saved.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is set by the server: the system tenant for system settings.
	TenantID EntityID `json:"tenantId,omitzero"`
	Key      string   `json:"key"`
	// JSONValue holds the settings; its shape depends on Key.
	JSONValue json.RawMessage `json:"jsonValue,omitzero"`
}

// AdminSettingsOptions are the optional query parameters of AdminService.GetSettings.
type AdminSettingsOptions struct {
	// SystemByDefault makes a tenant administrator's request fall back to the system
	// settings when the tenant has none of its own (Professional Edition).
	SystemByDefault bool
}

// SecuritySettings are the platform's password and lockout rules.
type SecuritySettings struct {
	PasswordPolicy UserPasswordPolicy `json:"passwordPolicy,omitzero"`
	// MaxFailedLoginAttempts locks a user out after so many failed logins; 0 disables it.
	MaxFailedLoginAttempts       int    `json:"maxFailedLoginAttempts,omitzero"`
	UserLockoutNotificationEmail string `json:"userLockoutNotificationEmail,omitzero"`
	MobileSecretKeyLength        int    `json:"mobileSecretKeyLength,omitzero"`
	// UserActivationTokenTTL and PasswordResetTokenTTL are lifetimes in hours (1 to 24);
	// the server requires both.
	UserActivationTokenTTL int `json:"userActivationTokenTtl"`
	PasswordResetTokenTTL  int `json:"passwordResetTokenTtl"`
}

// TestSMSRequest asks the server to send one text message through an SMS provider.
type TestSMSRequest struct {
	// ProviderConfiguration is the provider's settings, an object whose "type" is
	// AWS_SNS, TWILIO or SMPP.
	ProviderConfiguration json.RawMessage `json:"providerConfiguration,omitzero"`
	NumberTo              string          `json:"numberTo"`
	Message               string          `json:"message"`
}

// UpdateMessage tells whether a newer platform release exists.
type UpdateMessage struct {
	UpdateAvailable               bool   `json:"updateAvailable"`
	CurrentVersion                string `json:"currentVersion,omitzero"`
	LatestVersion                 string `json:"latestVersion,omitzero"`
	UpgradeInstructionsURL        string `json:"upgradeInstructionsUrl,omitzero"`
	CurrentVersionReleaseNotesURL string `json:"currentVersionReleaseNotesUrl,omitzero"`
	LatestVersionReleaseNotesURL  string `json:"latestVersionReleaseNotesUrl,omitzero"`
}

// RepositoryAuthMethod is how the server authenticates to a Git repository.
type RepositoryAuthMethod string

// Repository authentication methods.
const (
	RepositoryAuthUsernamePassword RepositoryAuthMethod = "USERNAME_PASSWORD"
	RepositoryAuthPrivateKey       RepositoryAuthMethod = "PRIVATE_KEY"
)

// RepositorySettings configure the Git repository that version control uses.
type RepositorySettings struct {
	RepositoryURI      string               `json:"repositoryUri,omitzero"`
	AuthMethod         RepositoryAuthMethod `json:"authMethod,omitzero"`
	Username           string               `json:"username,omitzero"`
	Password           string               `json:"password,omitzero"`
	PrivateKeyFileName string               `json:"privateKeyFileName,omitzero"`
	PrivateKey         string               `json:"privateKey,omitzero"`
	PrivateKeyPassword string               `json:"privateKeyPassword,omitzero"`
	DefaultBranch      string               `json:"defaultBranch,omitzero"`
	ReadOnly           bool                 `json:"readOnly"`
	ShowMergeCommits   bool                 `json:"showMergeCommits"`
	// LocalOnly keeps the repository on the server without a remote.
	LocalOnly bool `json:"localOnly"`
}

// AutoVersionCreateConfig says what an automatic commit of one entity type saves.
type AutoVersionCreateConfig struct {
	SaveRelations        bool `json:"saveRelations"`
	SaveAttributes       bool `json:"saveAttributes"`
	SaveCredentials      bool `json:"saveCredentials"`
	SaveCalculatedFields bool `json:"saveCalculatedFields"`
	// SavePermissions and SaveGroupEntities exist on Professional Edition servers.
	SavePermissions   bool `json:"savePermissions,omitzero"`
	SaveGroupEntities bool `json:"saveGroupEntities,omitzero"`
	// Branch is the branch to commit to; empty means the repository's default branch.
	Branch string `json:"branch,omitzero"`
}

// AutoCommitSettings map each entity type that is committed automatically on change
// to what is saved for it.
type AutoCommitSettings map[EntityType]AutoVersionCreateConfig

// GetSettings returns the administration settings stored under key (see the
// AdminSettings* constants). opts may be nil. Missing settings are an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/admin/settings/{key}
func (s *AdminService) GetSettings(ctx context.Context, key string, opts *AdminSettingsOptions) (*AdminSettings, error) {
	if err := checkArgsOf("Admin.GetSettings", "key", key); err != nil {
		return nil, err
	}
	var q url.Values
	if opts != nil && opts.SystemByDefault {
		q = url.Values{"systemByDefault": {strconv.FormatBool(true)}}
	}
	return call[AdminSettings](ctx, s.client, http.MethodGet, pathf("/api/admin/settings/%s", key), q, nil)
}

// SaveSettings creates or replaces the settings under as.Key and returns them as stored.
//
//tb:operation POST /api/admin/settings
func (s *AdminService) SaveSettings(ctx context.Context, as *AdminSettings) (*AdminSettings, error) {
	if as == nil {
		return nil, errors.New("thingsboard: Admin.SaveSettings: nil settings")
	}
	if err := checkArgsOf("Admin.SaveSettings", "key", as.Key); err != nil {
		return nil, err
	}
	return call[AdminSettings](ctx, s.client, http.MethodPost, "/api/admin/settings", nil, as)
}

// SendTestMail sends a test message to the current user's email address through the
// mail server that mail describes (settings with key "mail"), without saving them.
//
//tb:operation POST /api/admin/settings/testMail
func (s *AdminService) SendTestMail(ctx context.Context, mail *AdminSettings) error {
	if mail == nil {
		return errors.New("thingsboard: Admin.SendTestMail: nil settings")
	}
	return s.client.do(ctx, http.MethodPost, "/api/admin/settings/testMail", nil, mail, nil)
}

// SendTestSMS sends one text message through the provider that req describes.
//
//tb:operation POST /api/admin/settings/testSms
func (s *AdminService) SendTestSMS(ctx context.Context, req *TestSMSRequest) error {
	if req == nil {
		return errors.New("thingsboard: Admin.SendTestSMS: nil request")
	}
	if err := checkArgsOf("Admin.SendTestSMS", "numberTo", req.NumberTo); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, "/api/admin/settings/testSms", nil, req, nil)
}

// GetSecuritySettings returns the platform's security settings.
//
//tb:operation GET /api/admin/securitySettings
func (s *AdminService) GetSecuritySettings(ctx context.Context) (*SecuritySettings, error) {
	return call[SecuritySettings](ctx, s.client, http.MethodGet, "/api/admin/securitySettings", nil, nil)
}

// SaveSecuritySettings replaces the platform's security settings and returns them as stored.
//
//tb:operation POST /api/admin/securitySettings
func (s *AdminService) SaveSecuritySettings(ctx context.Context, ss *SecuritySettings) (*SecuritySettings, error) {
	if ss == nil {
		return nil, errors.New("thingsboard: Admin.SaveSecuritySettings: nil settings")
	}
	return call[SecuritySettings](ctx, s.client, http.MethodPost, "/api/admin/securitySettings", nil, ss)
}

// CheckUpdates asks the server whether a newer platform release exists.
//
//tb:operation GET /api/admin/updates
func (s *AdminService) CheckUpdates(ctx context.Context) (*UpdateMessage, error) {
	return call[UpdateMessage](ctx, s.client, http.MethodGet, "/api/admin/updates", nil, nil)
}

// GetRepositorySettings returns the tenant's version control repository settings.
// Without settings the answer is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/admin/repositorySettings
func (s *AdminService) GetRepositorySettings(ctx context.Context) (*RepositorySettings, error) {
	return call[RepositorySettings](ctx, s.client, http.MethodGet, "/api/admin/repositorySettings", nil, nil)
}

// RepositorySettingsExists reports whether the tenant has repository settings.
//
//tb:operation GET /api/admin/repositorySettings/exists
func (s *AdminService) RepositorySettingsExists(ctx context.Context) (bool, error) {
	var out bool
	err := s.client.do(ctx, http.MethodGet, "/api/admin/repositorySettings/exists", nil, nil, &out)
	return out, err
}

// SaveRepositorySettings creates or replaces the tenant's repository settings. The
// server checks access to the repository first.
//
//tb:operation POST /api/admin/repositorySettings
func (s *AdminService) SaveRepositorySettings(ctx context.Context, rs *RepositorySettings) (*RepositorySettings, error) {
	if rs == nil {
		return nil, errors.New("thingsboard: Admin.SaveRepositorySettings: nil settings")
	}
	return call[RepositorySettings](ctx, s.client, http.MethodPost, "/api/admin/repositorySettings", nil, rs)
}

// DeleteRepositorySettings deletes the tenant's repository settings.
//
//tb:operation DELETE /api/admin/repositorySettings
func (s *AdminService) DeleteRepositorySettings(ctx context.Context) error {
	return s.client.do(ctx, http.MethodDelete, "/api/admin/repositorySettings", nil, nil, nil)
}

// CheckRepositoryAccess tries to reach the repository that rs describes, without
// saving anything. A failure is an *APIError carrying the server's reason.
//
//tb:operation POST /api/admin/repositorySettings/checkAccess
func (s *AdminService) CheckRepositoryAccess(ctx context.Context, rs *RepositorySettings) error {
	if rs == nil {
		return errors.New("thingsboard: Admin.CheckRepositoryAccess: nil settings")
	}
	return s.client.do(ctx, http.MethodPost, "/api/admin/repositorySettings/checkAccess", nil, rs, nil)
}

// GetAutoCommitSettings returns the tenant's auto-commit settings.
//
//tb:operation GET /api/admin/autoCommitSettings
func (s *AdminService) GetAutoCommitSettings(ctx context.Context) (AutoCommitSettings, error) {
	var out AutoCommitSettings
	if err := s.client.do(ctx, http.MethodGet, "/api/admin/autoCommitSettings", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AutoCommitSettingsExists reports whether the tenant has auto-commit settings.
//
//tb:operation GET /api/admin/autoCommitSettings/exists
func (s *AdminService) AutoCommitSettingsExists(ctx context.Context) (bool, error) {
	var out bool
	err := s.client.do(ctx, http.MethodGet, "/api/admin/autoCommitSettings/exists", nil, nil, &out)
	return out, err
}

// SaveAutoCommitSettings replaces the tenant's auto-commit settings and returns them
// as stored.
//
//tb:operation POST /api/admin/autoCommitSettings
func (s *AdminService) SaveAutoCommitSettings(ctx context.Context, acs AutoCommitSettings) (AutoCommitSettings, error) {
	if acs == nil {
		acs = AutoCommitSettings{}
	}
	var out AutoCommitSettings
	if err := s.client.do(ctx, http.MethodPost, "/api/admin/autoCommitSettings", nil, acs, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAutoCommitSettings deletes the tenant's auto-commit settings.
//
//tb:operation DELETE /api/admin/autoCommitSettings
func (s *AdminService) DeleteAutoCommitSettings(ctx context.Context) error {
	return s.client.do(ctx, http.MethodDelete, "/api/admin/autoCommitSettings", nil, nil, nil)
}
