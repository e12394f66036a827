package hookspec

// Environment variables the hook's function reads its check from
// (handler.FromEnv); the component (validation.NewHook) sets them, and so
// must a function of one's own (validation.HookArgs.Code).
const (
	EnvURL            = "VALIDATION_URL"
	EnvExpectedStatus = "VALIDATION_EXPECTED_STATUS"
	EnvSuccesses      = "VALIDATION_CONSECUTIVE_SUCCESSES"
	EnvBudget         = "VALIDATION_BUDGET_SECONDS"
	EnvBodySubstring  = "VALIDATION_BODY_SUBSTRING"
	EnvHeader         = "VALIDATION_HEADER"
	EnvTLSServerName  = "VALIDATION_TLS_SERVER_NAME"
)
