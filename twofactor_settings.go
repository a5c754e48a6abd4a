package thingsboard

// TwoFactorSettingsService configures two-factor authentication: the platform settings and the current user's providers. See Client.TwoFactorSettings.
type TwoFactorSettingsService service
