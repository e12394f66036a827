package alb

// AliasRecordTypes is aliasRecordTypes, for the external tests.
var AliasRecordTypes = aliasRecordTypes
