package thingsboard

// RuleChainService manages rule chains and their metadata. See Client.RuleChains.
type RuleChainService service
