package thingsboard

// RuleEngineService sends REST API calls to the rule engine. See Client.RuleEngine.
type RuleEngineService service
