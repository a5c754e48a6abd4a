package thingsboard

// AssetService manages assets. See Client.Assets.
type AssetService service
