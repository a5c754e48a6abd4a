package thingsboard

// OAuth2Service manages OAuth 2.0 clients and login providers. See Client.OAuth2.
type OAuth2Service service
