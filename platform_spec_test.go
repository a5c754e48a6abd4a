package thingsboard_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/specvalidate"
)

// platformStep is one call of a platform service method and the server's canned answer.
type platformStep struct {
	name   string
	status int    // 0 means 200
	ctype  string // "" means application/json when there is an answer
	answer string
	// mfa runs the call on a client that holds an MFA configuration token.
	mfa  bool
	call func(ctx context.Context, c *tb.Client) error
}

// platformJWT builds an unsigned token; the client never verifies signatures.
func platformJWT(scope string) string {
	claims, _ := json.Marshal(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{scope},
		"userId": "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f0", "tenantId": "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f1",
		"customerId": tb.NullUUID, "enabled": true, "exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()})
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS512"}`)) + "." + enc.EncodeToString(claims) + ".c2ln"
}

// Ids and bodies of the canned answers.
const (
	psTenant   = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f1"
	psProfile  = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f2"
	psQueue    = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f3"
	psDevice   = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f4"
	psUser     = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f0"
	psCustomer = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f5"
	psClient   = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f6"
	psTemplate = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f7"
	psDomain   = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f8"
	psRole     = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1f9"
	psGroup    = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1fa"
	psNode     = "5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1fb"

	psAdminSettings = `{"id":{"entityType":"ADMIN_SETTINGS","id":"5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1fc"},"createdTime":1700000000000,` +
		`"tenantId":{"entityType":"TENANT","id":"13814000-1dd2-11b2-8080-808080808080"},"key":"mail","jsonValue":{"smtpHost":"localhost"}}`
	psSecurity = `{"passwordPolicy":{"minimumLength":6,"maximumLength":72,"minimumDigits":1,"allowWhitespaces":true,` +
		`"forceUserToResetPasswordIfNotValid":false},"maxFailedLoginAttempts":5,"userLockoutNotificationEmail":"a@b.c",` +
		`"mobileSecretKeyLength":64,"userActivationTokenTtl":24,"passwordResetTokenTtl":24}`
	psRepo = `{"repositoryUri":"https://git.example.com/iot.git","authMethod":"USERNAME_PASSWORD","username":"bot",` +
		`"defaultBranch":"main","readOnly":false,"showMergeCommits":false,"localOnly":false}`
	psAutoCommit  = `{"DEVICE":{"saveRelations":true,"saveAttributes":true,"saveCredentials":false,"saveCalculatedFields":false,"branch":"main"}}`
	psProfileJSON = `{"id":{"entityType":"TENANT_PROFILE","id":"` + psProfile + `"},"createdTime":1700000000000,"name":"Default",` +
		`"description":"Default tenant profile","default":true,"isolatedTbRuleEngine":false,` +
		`"profileData":{"configuration":{"type":"DEFAULT","maxDevices":0},"queueConfiguration":[]}}`
	psProfileInfo = `{"id":{"entityType":"TENANT_PROFILE","id":"` + psProfile + `"},"name":"Default"}`
	psQueueJSON   = `{"id":{"entityType":"QUEUE","id":"` + psQueue + `"},"createdTime":1700000000000,` +
		`"tenantId":{"entityType":"TENANT","id":"` + psTenant + `"},"name":"Main","topic":"tb_rule_engine.main","pollInterval":25,` +
		`"partitions":10,"consumerPerPartition":true,"packProcessingTimeout":2000,"submitStrategy":{"type":"BURST","batchSize":1000},` +
		`"processingStrategy":{"type":"SKIP_ALL_FAILURES","retries":3,"failurePercentage":0.0,"pauseBetweenRetries":3,"maxPauseBetweenRetries":3},` +
		`"additionalInfo":{"description":""}}`
	psAuditLog = `{"id":{"id":"5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1fd"},"createdTime":1700000000000,` +
		`"tenantId":{"entityType":"TENANT","id":"` + psTenant + `"},"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
		`"entityId":{"entityType":"DEVICE","id":"` + psDevice + `"},"entityName":"T1","userId":{"entityType":"USER","id":"` + psUser + `"},` +
		`"userName":"tenant@thingsboard.org","actionType":"UPDATED","actionData":{},"actionStatus":"SUCCESS","actionFailureDetails":null}`
	psEvent = `{"id":{"id":"5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1fe"},"createdTime":1700000000000,` +
		`"tenantId":{"entityType":"TENANT","id":"` + psTenant + `"},"type":"ERROR","uid":"u1",` +
		`"entityId":{"entityType":"RULE_NODE","id":"` + psNode + `"},"body":{"server":"tb-1","method":"onMsg","error":"boom"}}`
	psComponent = `{"id":{"id":"5b2d2a70-1c20-11ef-9c2c-8f8e1cf8a1ff"},"createdTime":1700000000000,"type":"FILTER","scope":"TENANT",` +
		`"clusteringMode":"ENABLED","name":"message type filter","clazz":"org.thingsboard.rule.engine.filter.TbMsgTypeFilterNode",` +
		`"configurationDescriptor":{"nodeDefinition":{}},"configurationVersion":0,"actions":null,"hasQueueName":false}`
	psStore         = `"storeInfo":{"appId":"app","sha256CertFingerprints":"AA:BB","storeLink":"https://example.com/app"},"versionInfo":{"minVersion":"1.0.0","latestVersion":"1.6.0"}`
	psOAuth2Client  = `{"id":{"entityType":"OAUTH2_CLIENT","id":"` + psClient + `"},"createdTime":1700000000000,"additionalInfo":{"providerName":"Google"},"tenantId":{"entityType":"TENANT","id":"13814000-1dd2-11b2-8080-808080808080"},"title":"Google","mapperConfig":{"allowUserCreation":true,"activateUser":false,"type":"BASIC","basic":{"emailAttributeKey":"email","tenantNameStrategy":"DOMAIN","alwaysFullScreen":false}},"clientId":"cid","clientSecret":"sec","authorizationUri":"https://accounts.google.com/o/oauth2/v2/auth","accessTokenUri":"https://oauth2.googleapis.com/token","scope":["email","openid"],"userInfoUri":"https://openidconnect.googleapis.com/v1/userinfo","userNameAttributeName":"email","jwkSetUri":"https://www.googleapis.com/oauth2/v3/certs","clientAuthenticationMethod":"POST","loginButtonLabel":"Google","loginButtonIcon":"google-logo","platforms":["WEB"],"name":"Google"}`
	psOAuth2Info    = `{"id":{"entityType":"OAUTH2_CLIENT","id":"` + psClient + `"},"createdTime":1700000000000,"title":"Google","providerName":"Google","platforms":[],"name":"Google"}`
	psTemplateJSON  = `{"id":{"id":"` + psTemplate + `"},"createdTime":1700000000000,"additionalInfo":null,"providerId":"GitHub","mapperConfig":{"allowUserCreation":true,"activateUser":false,"type":"GITHUB","basic":{"tenantNameStrategy":"DOMAIN","alwaysFullScreen":false}},"authorizationUri":"https://github.com/login/oauth/authorize","accessTokenUri":"https://github.com/login/oauth/access_token","scope":["read:user","user:email"],"userInfoUri":"https://api.github.com/user","userNameAttributeName":"login","clientAuthenticationMethod":"BASIC","loginButtonIcon":"github-logo","loginButtonLabel":"Github","name":"GitHub"}`
	psPlatform2FA   = `{"providers":[{"providerType":"TOTP","issuerName":"ThingsBoard"},{"providerType":"EMAIL","verificationCodeLifetime":120}],"minVerificationCodeSendPeriod":30,"verificationCodeCheckRateLimit":"3:900","maxVerificationFailuresBeforeUserLockout":10,"totalAllowedTimeForVerification":3600}`
	psTotpURL       = "otpauth://totp/ThingsBoard:tenant@thingsboard.org?issuer=ThingsBoard&secret=FUNBIM3CXFNNGQR6ZIPVWHP65PPFWDII"
	psTotp          = `{"providerType":"TOTP","useByDefault":true,"authUrl":"` + psTotpURL + `"}`
	psAccount2FA    = `{"configs":{"TOTP":` + psTotp + `}}`
	psSelfReg       = `{"type":"WEB","enabled":true,"title":"Sign up","captcha":{"version":"v3","siteKey":"k","secretKey":"s","logActionName":"signup"},"permissions":[],"signUpFields":[{"id":"EMAIL","label":"Email","required":true},{"id":"PASSWORD","label":"Password","required":true}],"showPrivacyPolicy":true,"showTermsOfUse":false,"domainId":{"entityType":"DOMAIN","id":"` + psDomain + `"},"privacyPolicy":"<p>p</p>"}`
	psSignUpParams  = `{"title":"Sign up","captcha":{"version":"v3","siteKey":"k","logActionName":"signup"},"fields":[{"id":"EMAIL","label":"Email","required":true}],"showPrivacyPolicy":true,"showTermsOfUse":false}`
	psLoginClients  = `[{"name":"Google","icon":"google-logo","url":"/oauth2/authorization/` + psClient + `"}]`
	psMobilePkg     = "org.thingsboard.demo.app"
	psComponentType = tb.ComponentFilter
)

// psDrain ranges over seq and returns its error, if any.
func psDrain[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func psPage(items ...string) string {
	return `{"data":[` + strings.Join(items, ",") + `],"totalPages":1,"totalElements":` + strconv.Itoa(len(items)) + `,"hasNext":false}`
}

// platformSteps drives every method of the platform services once.
func platformSteps() []platformStep {
	pl := tb.PageLink{PageSize: 10, TextSearch: "a", SortProperty: "name", SortOrder: tb.ASC}
	tl := tb.TimePageLink{PageLink: tb.PageLink{PageSize: 10, SortProperty: "createdTime", SortOrder: tb.DESC}, StartTime: 1, EndTime: 1800000000000}
	device := tb.NewEntityID(tb.EntityTypeDevice, psDevice)
	node := tb.NewEntityID(tb.EntityTypeRuleNode, psNode)
	mobile := &tb.MobileAppOptions{PkgName: psMobilePkg, Platform: tb.PlatformAndroid}
	pair := `{"token":"` + platformJWT("CUSTOMER_USER") + `","refreshToken":"` + platformJWT("REFRESH_TOKEN") + `"}`
	auditOpts := &tb.AuditLogListOptions{ActionTypes: []tb.ActionType{tb.ActionUpdated, tb.ActionLogin}}
	noErr := func(_ any, err error) error { return err }
	var s []platformStep
	add := func(name, answer string, call func(ctx context.Context, c *tb.Client) error) {
		s = append(s, platformStep{name: name, answer: answer, call: call})
	}

	// Admin.
	add("Admin.GetSettings", psAdminSettings, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.GetSettings(ctx, tb.AdminSettingsMail, &tb.AdminSettingsOptions{SystemByDefault: true}))
	})
	add("Admin.SaveSettings", psAdminSettings, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.SaveSettings(ctx, &tb.AdminSettings{Key: "mail", JSONValue: json.RawMessage(`{"smtpHost":"localhost"}`)}))
	})
	add("Admin.SendTestMail", "", func(ctx context.Context, c *tb.Client) error {
		return c.Admin.SendTestMail(ctx, &tb.AdminSettings{Key: "mail", JSONValue: json.RawMessage(`{"smtpHost":"localhost"}`)})
	})
	add("Admin.SendTestSMS", "", func(ctx context.Context, c *tb.Client) error {
		return c.Admin.SendTestSMS(ctx, &tb.TestSMSRequest{ProviderConfiguration: json.RawMessage(`{"type":"TWILIO","numberFrom":"+15550001111","accountSid":"AC","accountToken":"t"}`),
			NumberTo: "+15550002222", Message: "test"})
	})
	add("Admin.GetSecuritySettings", psSecurity, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.GetSecuritySettings(ctx))
	})
	add("Admin.SaveSecuritySettings", psSecurity, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.SaveSecuritySettings(ctx, &tb.SecuritySettings{PasswordPolicy: tb.UserPasswordPolicy{MinimumLength: 8},
			MaxFailedLoginAttempts: 5, UserActivationTokenTTL: 24, PasswordResetTokenTTL: 24}))
	})
	add("Admin.CheckUpdates", `{"updateAvailable":false,"currentVersion":"4.3.0","latestVersion":"4.3.0"}`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.CheckUpdates(ctx))
	})
	add("Admin.GetRepositorySettings", psRepo, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.GetRepositorySettings(ctx))
	})
	add("Admin.RepositorySettingsExists", `true`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.RepositorySettingsExists(ctx))
	})
	repo := &tb.RepositorySettings{RepositoryURI: "https://git.example.com/iot.git", AuthMethod: tb.RepositoryAuthUsernamePassword,
		Username: "bot", Password: "secret", DefaultBranch: "main"}
	add("Admin.SaveRepositorySettings", psRepo, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.SaveRepositorySettings(ctx, repo))
	})
	add("Admin.DeleteRepositorySettings", "", func(ctx context.Context, c *tb.Client) error { return c.Admin.DeleteRepositorySettings(ctx) })
	add("Admin.CheckRepositoryAccess", "", func(ctx context.Context, c *tb.Client) error { return c.Admin.CheckRepositoryAccess(ctx, repo) })
	add("Admin.GetAutoCommitSettings", psAutoCommit, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.GetAutoCommitSettings(ctx))
	})
	add("Admin.AutoCommitSettingsExists", `false`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.AutoCommitSettingsExists(ctx))
	})
	add("Admin.SaveAutoCommitSettings", psAutoCommit, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Admin.SaveAutoCommitSettings(ctx, tb.AutoCommitSettings{tb.EntityTypeDevice: {SaveRelations: true, SaveAttributes: true, Branch: "main"}}))
	})
	add("Admin.DeleteAutoCommitSettings", "", func(ctx context.Context, c *tb.Client) error { return c.Admin.DeleteAutoCommitSettings(ctx) })

	// Tenant profiles.
	add("TenantProfiles.Get", psProfileJSON, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.Get(ctx, psProfile))
	})
	add("TenantProfiles.GetInfo", psProfileInfo, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.GetInfo(ctx, psProfile))
	})
	add("TenantProfiles.GetDefaultInfo", psProfileInfo, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.GetDefaultInfo(ctx))
	})
	add("TenantProfiles.Save", psProfileJSON, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.Save(ctx, &tb.TenantProfile{Name: "Default", Description: "Default tenant profile"}))
	})
	add("TenantProfiles.Delete", "", func(ctx context.Context, c *tb.Client) error { return c.TenantProfiles.Delete(ctx, psProfile) })
	add("TenantProfiles.SetDefault", psProfileJSON, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.SetDefault(ctx, psProfile))
	})
	add("TenantProfiles.List", psPage(psProfileJSON), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.List(ctx, pl))
	})
	add("TenantProfiles.ListAll", psPage(psProfileJSON), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.TenantProfiles.ListAll(ctx, pl))
	})
	add("TenantProfiles.ListInfos", psPage(psProfileInfo), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.ListInfos(ctx, tb.PageLink{PageSize: 5, SortProperty: "name", SortOrder: tb.ASC}))
	})
	add("TenantProfiles.ListInfosAll", psPage(psProfileInfo), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.TenantProfiles.ListInfosAll(ctx, tb.NewPageLink(5)))
	})
	add("TenantProfiles.ListByIDs", "["+psProfileJSON+"]", func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TenantProfiles.ListByIDs(ctx, []string{psProfile, psQueue}))
	})

	// Two-factor settings.
	add("TwoFactorSettings.GetPlatformSettings", psPlatform2FA, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.GetPlatformSettings(ctx))
	})
	add("TwoFactorSettings.SavePlatformSettings", psPlatform2FA, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.SavePlatformSettings(ctx, &tb.PlatformTwoFactorSettings{
			Providers:                     []tb.TwoFactorProviderConfig{{ProviderType: tb.TwoFactorTOTP, IssuerName: "ThingsBoard"}, {ProviderType: tb.TwoFactorSMS, VerificationCodeLifetime: 120, SMSVerificationMessageTemplate: "Code: ${code}"}},
			MinVerificationCodeSendPeriod: 30, VerificationCodeCheckRateLimit: "3:900", TotalAllowedTimeForVerification: 3600}))
	})
	add("TwoFactorSettings.ListAvailableProviders", `["TOTP","EMAIL"]`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.ListAvailableProviders(ctx))
	})
	add("TwoFactorSettings.GetAccountSettings", psAccount2FA, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.GetAccountSettings(ctx))
	})
	add("TwoFactorSettings.GenerateAccountConfig", psTotp, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.GenerateAccountConfig(ctx, tb.TwoFactorTOTP))
	})
	add("TwoFactorSettings.SubmitAccountConfig", "", func(ctx context.Context, c *tb.Client) error {
		return c.TwoFactorSettings.SubmitAccountConfig(ctx, &tb.TwoFactorAccountConfig{ProviderType: tb.TwoFactorEmail, Email: "tenant@thingsboard.org"})
	})
	add("TwoFactorSettings.VerifyAndSaveAccountConfig", psAccount2FA, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.VerifyAndSaveAccountConfig(ctx, &tb.TwoFactorAccountConfig{ProviderType: tb.TwoFactorTOTP, UseByDefault: true, AuthURL: psTotpURL}, "123456"))
	})
	add("TwoFactorSettings.UpdateAccountConfig", psAccount2FA, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.UpdateAccountConfig(ctx, tb.TwoFactorTOTP, true))
	})
	add("TwoFactorSettings.DeleteAccountConfig", psAccount2FA, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.TwoFactorSettings.DeleteAccountConfig(ctx, tb.TwoFactorEmail))
	})
	s = append(s, platformStep{name: "TwoFactorSettings.FinishEnforcedSetup", mfa: true, answer: pair,
		call: func(ctx context.Context, c *tb.Client) error {
			return noErr(c.TwoFactorSettings.FinishEnforcedSetup(ctx))
		}})

	// OAuth 2.0.
	add("OAuth2.ListLoginClients", psLoginClients, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.OAuth2.ListLoginClients(ctx, mobile))
	})
	add("OAuth2.GetLoginProcessingURL", `/login/oauth2/code/`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.OAuth2.GetLoginProcessingURL(ctx))
	})
	add("OAuth2.ListClientInfos", psPage(psOAuth2Info), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.OAuth2.ListClientInfos(ctx, pl))
	})
	add("OAuth2.ListClientInfosAll", psPage(psOAuth2Info), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.OAuth2.ListClientInfosAll(ctx, pl))
	})
	add("OAuth2.ListClientInfosByIDs", "["+psOAuth2Info+"]", func(ctx context.Context, c *tb.Client) error {
		return noErr(c.OAuth2.ListClientInfosByIDs(ctx, []string{psClient}))
	})
	add("OAuth2.GetClient", psOAuth2Client, func(ctx context.Context, c *tb.Client) error { return noErr(c.OAuth2.GetClient(ctx, psClient)) })
	add("OAuth2.SaveClient", psOAuth2Client, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.OAuth2.SaveClient(ctx, &tb.OAuth2Client{Title: "Google",
			MapperConfig: tb.OAuth2MapperConfig{AllowUserCreation: true, Type: tb.MapperBasic,
				Basic: &tb.OAuth2BasicMapperConfig{EmailAttributeKey: "email", TenantNameStrategy: tb.TenantNameDomain}},
			ClientID: "cid", ClientSecret: "sec", AuthorizationURI: "https://accounts.google.com/o/oauth2/v2/auth",
			AccessTokenURI: "https://oauth2.googleapis.com/token", Scope: []string{"email", "openid"}, UserNameAttributeName: "email",
			ClientAuthenticationMethod: "POST", LoginButtonLabel: "Google", Platforms: []tb.PlatformType{tb.PlatformWeb}}))
	})
	add("OAuth2.DeleteClient", "", func(ctx context.Context, c *tb.Client) error { return c.OAuth2.DeleteClient(ctx, psClient) })
	add("OAuth2.ListTemplates", "["+psTemplateJSON+"]", func(ctx context.Context, c *tb.Client) error { return noErr(c.OAuth2.ListTemplates(ctx)) })
	add("OAuth2.SaveTemplate", psTemplateJSON, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.OAuth2.SaveTemplate(ctx, &tb.OAuth2ClientRegistrationTemplate{ProviderID: "GitHub",
			MapperConfig: &tb.OAuth2MapperConfig{AllowUserCreation: true, Type: tb.MapperGitHub,
				Basic: &tb.OAuth2BasicMapperConfig{TenantNameStrategy: tb.TenantNameDomain}},
			Scope: []string{"read:user"}, LoginButtonLabel: "Github"}))
	})
	add("OAuth2.DeleteTemplate", "", func(ctx context.Context, c *tb.Client) error { return c.OAuth2.DeleteTemplate(ctx, psTemplate) })

	// Sign-up.
	add("Signup.SignUp", `"SUCCESS"`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Signup.SignUp(ctx, &tb.SignUpRequest{Fields: map[tb.SignUpFieldID]string{tb.SignUpEmail: "new@example.com", tb.SignUpPassword: "Secret-123"},
			RecaptchaResponse: "r", PkgName: psMobilePkg, Platform: tb.PlatformAndroid, AppSecret: "s"}))
	})
	add("Signup.ResendEmailActivation", "", func(ctx context.Context, c *tb.Client) error {
		return c.Signup.ResendEmailActivation(ctx, "new@example.com", mobile)
	})
	s = append(s, platformStep{name: "Signup.ActivateEmail", ctype: "text/plain", answer: "",
		call: func(ctx context.Context, c *tb.Client) error {
			return noErr(c.Signup.ActivateEmail(ctx, "code1", mobile))
		}})
	add("Signup.ActivateByEmailCode", pair, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Signup.ActivateByEmailCode(ctx, "code1", mobile))
	})
	add("Signup.PrivacyPolicyAccepted", `false`, func(ctx context.Context, c *tb.Client) error { return noErr(c.Signup.PrivacyPolicyAccepted(ctx)) })
	add("Signup.AcceptPrivacyPolicy", pair, func(ctx context.Context, c *tb.Client) error { return noErr(c.Signup.AcceptPrivacyPolicy(ctx)) })
	add("Signup.TermsOfUseAccepted", `true`, func(ctx context.Context, c *tb.Client) error { return noErr(c.Signup.TermsOfUseAccepted(ctx)) })
	add("Signup.AcceptTermsOfUse", pair, func(ctx context.Context, c *tb.Client) error { return noErr(c.Signup.AcceptTermsOfUse(ctx)) })

	// Self-registration.
	add("SelfRegistration.GetParams", psSelfReg, func(ctx context.Context, c *tb.Client) error { return noErr(c.SelfRegistration.GetParams(ctx)) })
	add("SelfRegistration.SaveParams", psSelfReg, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.SelfRegistration.SaveParams(ctx, &tb.SelfRegistrationParams{Enabled: true, Title: "Sign up",
			Captcha:          &tb.CaptchaParams{Version: "v3", SiteKey: "k", SecretKey: "s", LogActionName: "signup"},
			SignUpFields:     []tb.SignUpField{{ID: tb.SignUpEmail, Label: "Email", Required: true}, {ID: tb.SignUpPassword, Label: "Password", Required: true}},
			Permissions:      []tb.GroupPermission{{RoleID: tb.NewEntityID(tb.EntityTypeRole, psRole)}},
			DefaultDashboard: &tb.SelfRegistrationDashboard{ID: psGroup, Fullscreen: true},
			DomainID:         tb.NewEntityID("DOMAIN", psDomain), PrivacyPolicy: "<p>p</p>"}))
	})
	add("SelfRegistration.DeleteParams", "", func(ctx context.Context, c *tb.Client) error { return c.SelfRegistration.DeleteParams(ctx) })
	add("SelfRegistration.GetSignUpParams", psSignUpParams, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.SelfRegistration.GetSignUpParams(ctx, mobile))
	})
	s = append(s, platformStep{name: "SelfRegistration.GetPrivacyPolicy", ctype: "text/plain", answer: `"<p>p</p>"`,
		call: func(ctx context.Context, c *tb.Client) error {
			return noErr(c.SelfRegistration.GetPrivacyPolicy(ctx, mobile))
		}})
	s = append(s, platformStep{name: "SelfRegistration.GetTermsOfUse", ctype: "text/plain", answer: `<p>t</p>`,
		call: func(ctx context.Context, c *tb.Client) error {
			return noErr(c.SelfRegistration.GetTermsOfUse(ctx, nil))
		}})

	// Mobile.
	add("Mobile.GetUserInfo", `{"user":{"id":{"entityType":"USER","id":"`+psUser+`"},"createdTime":1700000000000,`+
		`"tenantId":{"entityType":"TENANT","id":"`+psTenant+`"},"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},`+
		`"email":"tenant@thingsboard.org","authority":"TENANT_ADMIN","firstName":"T","lastName":"A","phone":null,"additionalInfo":{},"version":1,"name":"tenant@thingsboard.org"},`+
		psStore+`,"homeDashboardInfo":{"dashboardId":{"entityType":"DASHBOARD","id":"`+psGroup+`"},"hideDashboardToolbar":true},"pages":[]}`,
		func(ctx context.Context, c *tb.Client) error {
			return noErr(c.Mobile.GetUserInfo(ctx, psMobilePkg, tb.PlatformIOS))
		})
	add("Mobile.GetLoginInfo", `{"oAuth2ClientLoginInfos":`+psLoginClients+`,`+psStore+`}`, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Mobile.GetLoginInfo(ctx, psMobilePkg, tb.PlatformAndroid))
	})

	// Audit logs.
	add("AuditLogs.List", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error { return noErr(c.AuditLogs.List(ctx, tl, auditOpts)) })
	add("AuditLogs.ListAll", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.AuditLogs.ListAll(ctx, tl, auditOpts))
	})
	add("AuditLogs.ListByCustomer", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.AuditLogs.ListByCustomer(ctx, psCustomer, tl, nil))
	})
	add("AuditLogs.ListByCustomerAll", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.AuditLogs.ListByCustomerAll(ctx, psCustomer, tl, nil))
	})
	add("AuditLogs.ListByUser", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.AuditLogs.ListByUser(ctx, psUser, tl, auditOpts))
	})
	add("AuditLogs.ListByUserAll", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.AuditLogs.ListByUserAll(ctx, psUser, tl, auditOpts))
	})
	add("AuditLogs.ListByEntity", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.AuditLogs.ListByEntity(ctx, device, tl, auditOpts))
	})
	add("AuditLogs.ListByEntityAll", psPage(psAuditLog), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.AuditLogs.ListByEntityAll(ctx, device, tl, nil))
	})

	// Events.
	etl := tb.TimePageLink{PageLink: tb.PageLink{PageSize: 20, SortProperty: "ts", SortOrder: tb.DESC}, StartTime: 1}
	filter := tb.EventFilter{EventType: tb.EventTypeDebugRuleNode, Server: "tb-1", IsError: true, MsgDirectionType: "IN", EntityType: "DEVICE", EntityID: psDevice}
	add("Events.List", psPage(psEvent), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Events.List(ctx, node, tb.EventTypeError, psTenant, etl))
	})
	add("Events.ListAll", psPage(psEvent), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.Events.ListAll(ctx, node, tb.EventTypeError, psTenant, etl))
	})
	add("Events.ListByFilter", psPage(psEvent), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Events.ListByFilter(ctx, node, psTenant, filter, etl))
	})
	add("Events.ListByFilterAll", psPage(psEvent), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.Events.ListByFilterAll(ctx, node, psTenant, tb.EventFilter{EventType: tb.EventTypeStats, MinMessagesProcessed: 1}, etl))
	})
	add("Events.Clear", "", func(ctx context.Context, c *tb.Client) error {
		return c.Events.Clear(ctx, node, tb.EventFilter{EventType: tb.EventTypeLifecycle, Event: "STARTED", Status: "Success"}, 1, 1800000000000)
	})

	// Component descriptors.
	add("ComponentDescriptors.Get", psComponent, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.ComponentDescriptors.Get(ctx, "org.thingsboard.rule.engine.filter.TbMsgTypeFilterNode"))
	})
	add("ComponentDescriptors.ListByType", "["+psComponent+"]", func(ctx context.Context, c *tb.Client) error {
		return noErr(c.ComponentDescriptors.ListByType(ctx, psComponentType, &tb.ComponentDescriptorListOptions{RuleChainType: tb.RuleChainTypeEdge}))
	})
	add("ComponentDescriptors.ListByTypes", "["+psComponent+"]", func(ctx context.Context, c *tb.Client) error {
		return noErr(c.ComponentDescriptors.ListByTypes(ctx, []tb.ComponentType{tb.ComponentFilter, tb.ComponentAction}, nil))
	})

	// Queues.
	add("Queues.Get", psQueueJSON, func(ctx context.Context, c *tb.Client) error { return noErr(c.Queues.Get(ctx, psQueue)) })
	add("Queues.GetByName", psQueueJSON, func(ctx context.Context, c *tb.Client) error { return noErr(c.Queues.GetByName(ctx, "Main")) })
	add("Queues.Save", psQueueJSON, func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Queues.Save(ctx, &tb.Queue{Name: "Main", PollInterval: 25, Partitions: 10, ConsumerPerPartition: true, PackProcessingTimeout: 2000,
			SubmitStrategy:     tb.SubmitStrategy{Type: tb.SubmitBurst, BatchSize: 1000},
			ProcessingStrategy: tb.ProcessingStrategy{Type: tb.ProcessingSkipAllFailures, Retries: 3, PauseBetweenRetries: 3, MaxPauseBetweenRetries: 3}},
			tb.ServiceTypeRuleEngine))
	})
	add("Queues.Delete", "", func(ctx context.Context, c *tb.Client) error { return c.Queues.Delete(ctx, psQueue) })
	add("Queues.List", psPage(psQueueJSON), func(ctx context.Context, c *tb.Client) error {
		return noErr(c.Queues.List(ctx, tb.ServiceTypeRuleEngine, tb.PageLink{PageSize: 10, SortProperty: "topic", SortOrder: tb.ASC}))
	})
	add("Queues.ListAll", psPage(psQueueJSON), func(ctx context.Context, c *tb.Client) error {
		return psDrain(c.Queues.ListAll(ctx, tb.ServiceTypeRuleEngine, tb.NewPageLink(10)))
	})
	return s
}

// TestPlatformServicesSpec sends every request of the platform services through the
// spec validator, against a server that answers each with a valid canned body.
func TestPlatformServicesSpec(t *testing.T) {
	v := specvalidate.ForTest(t)
	var (
		mu   sync.Mutex
		step platformStep
		hits int
		sent = map[string]string{} // step name: "VERB /escaped/path"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		st := step
		hits++
		sent[st.name] = r.Method + " " + r.URL.EscapedPath()
		mu.Unlock()
		switch {
		case st.ctype != "":
			w.Header().Set("Content-Type", st.ctype)
		case st.answer != "":
			w.Header().Set("Content-Type", "application/json")
		}
		status := st.status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		io.WriteString(w, st.answer)
	}))
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: v.Transport(nil)}
	newClient := func(token string) *tb.Client {
		c, err := tb.NewClient(srv.URL, tb.WithHTTPClient(hc), tb.WithToken(token, ""), tb.WithRetry(tb.RetryPolicy{}))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, st := range platformSteps() {
		token := platformJWT("TENANT_ADMIN")
		if st.mfa {
			token = platformJWT("MFA_CONFIGURATION_TOKEN")
		}
		c := newClient(token)
		mu.Lock()
		step, hits = st, 0
		mu.Unlock()
		if err := st.call(t.Context(), c); err != nil {
			t.Errorf("%s: %v", st.name, err)
		}
		mu.Lock()
		if hits != 1 {
			t.Errorf("%s: %d requests, want 1", st.name, hits)
		}
		mu.Unlock()
	}
	v.Check(t)
	if n := v.Exchanges(); n < len(platformSteps()) {
		t.Errorf("validated %d exchanges, want at least %d", n, len(platformSteps()))
	}
	platformCheckDeclarations(t, sent)
}

// platformServices maps the service types of the platform files to their Client fields.
var platformServices = map[string]string{
	"AdminService": "Admin", "TenantProfileService": "TenantProfiles", "TwoFactorSettingsService": "TwoFactorSettings",
	"OAuth2Service": "OAuth2", "SignupService": "Signup", "SelfRegistrationService": "SelfRegistration",
	"MobileService": "Mobile", "AuditLogService": "AuditLogs", "EventService": "Events",
	"ComponentDescriptorService": "ComponentDescriptors", "QueueService": "Queues",
}

// platformCheckDeclarations checks that every exported method of the platform services
// was driven by a step, declares //tb:operation lines naming operations of the CE spec
// or of the PE table, and sent the request one of those lines describes.
func platformCheckDeclarations(t *testing.T, sent map[string]string) {
	t.Helper()
	known := platformKnownOperations(t)
	fset := token.NewFileSet()
	files := []string{"admin.go", "tenant_profile.go", "twofactor_settings.go", "oauth2.go", "signup.go", "self_registration.go",
		"mobile.go", "audit_log.go", "event.go", "component_descriptor.go", "queue.go"}
	methods := 0
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			field, ok := platformServices[star.X.(*ast.Ident).Name]
			if !ok {
				continue
			}
			methods++
			name := field + "." + fn.Name.Name
			var ops []string
			if fn.Doc != nil {
				for _, c := range fn.Doc.List {
					if rest, ok := strings.CutPrefix(c.Text, "//tb:operation "); ok {
						ops = append(ops, strings.TrimSpace(rest))
					}
				}
			}
			if len(ops) == 0 {
				t.Errorf("%s has no //tb:operation line", name)
			}
			for _, op := range ops {
				if !known[op] {
					t.Errorf("%s declares %q, which is neither in the CE spec nor in the PE table", name, op)
				}
			}
			req, ok := sent[name]
			if !ok {
				t.Errorf("%s was not driven by any step", name)
				continue
			}
			if !slices.ContainsFunc(ops, func(op string) bool { return platformOpMatches(op, req) }) {
				t.Errorf("%s sent %s, which none of %q describes", name, req, ops)
			}
		}
	}
	if methods != len(sent) {
		t.Errorf("%d exported methods, %d steps", methods, len(sent))
	}
}

// platformKnownOperations returns "VERB /path/{template}" of every CE and PE operation.
func platformKnownOperations(t *testing.T) map[string]bool {
	t.Helper()
	ce, peOps, _, err := specvalidate.Locate()
	if err != nil {
		t.Skip(err)
	}
	raw, err := os.ReadFile(ce)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for path, verbs := range spec.Paths {
		for verb := range verbs {
			known[strings.ToUpper(verb)+" "+path] = true
		}
	}
	if peOps != "" {
		raw, err := os.ReadFile(peOps)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n")[1:] {
			if f := strings.Split(line, "\t"); len(f) > 3 {
				known[strings.ToUpper(f[2])+" "+f[3]] = true
			}
		}
	}
	return known
}

// platformOpMatches reports whether req ("VERB /escaped/path") is an instance of op
// ("VERB /path/{template}").
func platformOpMatches(op, req string) bool {
	ov, otmpl, _ := strings.Cut(op, " ")
	rv, rpath, _ := strings.Cut(req, " ")
	if ov != rv {
		return false
	}
	ts, ps := strings.Split(otmpl, "/"), strings.Split(rpath, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if strings.HasPrefix(ts[i], "{") && strings.HasSuffix(ts[i], "}") {
			if ps[i] == "" {
				return false
			}
		} else if ts[i] != ps[i] {
			return false
		}
	}
	return true
}
