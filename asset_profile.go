package thingsboard

// AssetProfileService manages asset profiles. See Client.AssetProfiles.
type AssetProfileService service
