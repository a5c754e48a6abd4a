package thingsboard

// OTAPackageService manages firmware and software (OTA) packages. See Client.OTAPackages.
type OTAPackageService service
