package thingsboard

// VersionControlService exports and restores entities with version control. See Client.VersionControl.
type VersionControlService service
